"""Single-valued options are given once: a repeat is refused, not silently the last value.

Click (under typer) keeps the last value of an option given twice, so ``osteon assess --patient
"female, age 65" --patient "male, age 80"`` assessed the man without a word. Every command is
registered with :class:`OnceCommand` (``cls=``), which reads the command line once more before
click does, with each single-valued option collecting every value it is given, and stops with
one line, ``error: --OPTION was given N times (...) and takes one value; HINT``, and exit 2.
Options declared as lists (``--condition``, ``--set``, ...) stay repeatable, flags may be
repeated (``--json --json`` is one request), and the help shows each option's type and default
as click declares them.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import ClassVar

import typer
from typer.core import TyperCommand

from osteon.cli._usage import ClickException, given_values, one_line, passes_through

#: what to do instead, for an option without a hint of its own
GIVE_ONCE = "give it once"

Hint = str | Callable[[list[str]], str]


def given_once(values: list[str], option: str, hint: str = GIVE_ONCE) -> str | None:
    """The error for ``option`` given ``values`` (more than one, as typed): it names the option,
    the values (a number as typed, anything else quoted) and ``hint``; ``None`` for one value."""
    if len(values) < 2:
        return None
    shown = ", ".join(v if _is_number(v) else repr(v) for v in values)
    return f"{option} was given {len(values)} times ({shown}) and takes one value; {hint}"


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def prescription_hint(values: list[str], option: str = "--treat",
                      arms: str | None = "--compare") -> str:
    """What to do with a prescription option given several times: one prescription joining them
    with 'and' (the grammar's concurrent join; a part that holds 'and' or 'then' itself is
    bracketed) or 'then' (a sequence), or, where the command has them, ``arms``."""
    both = " and ".join(f"({v})" if {"and", "then"} & set(v.lower().split()) else v
                        for v in values)
    hint = (f"give one {option} joining the prescriptions with 'and' to give them together "
            f"({option} \"{both}\") or with 'then' to give them one after the other")
    return hint + (f"; to compare them as arms, give each as {arms}" if arms else "")


def _single_valued(param) -> bool:
    """An option that takes one value, which click would overwrite when given again."""
    return (param.param_type_name == "option" and not param.multiple and not param.is_flag
            and not param.count)


class OnceCommand(TyperCommand):
    """A command whose single-valued options refuse a repeat (see the module's docstring).

    ``hints`` maps a parameter's name (the function argument's) to what the error advises
    instead of :data:`GIVE_ONCE`: a text, or a function of the values given; a command with
    hints of its own is :func:`refusing_repeats`'s subclass."""

    hints: ClassVar[dict[str, Hint]] = {}  # read only: a subclass replaces it whole

    def parse_args(self, ctx, args: list[str]) -> list[str]:
        if not ctx.resilient_parsing and (message := self._repeated(ctx, args)) is not None:
            typer.echo(f"error: {message}", err=True)
            raise typer.Exit(code=2)
        typed = list(args)  # click's parser consumes the list it reads
        try:
            return super().parse_args(ctx, args)
        except ClickException as exc:  # click's refusal, as osteon's one line (cli._usage)
            if ctx.resilient_parsing or passes_through(exc):
                raise
            given = given_values(self, ctx, typed, getattr(exc, "param", None))
            raise one_line(exc, ctx, given) from None

    def _repeated(self, ctx, args: list[str]) -> str | None:
        """The error for the first single-valued option given more than once, else ``None``.

        The command line is parsed by click's own parser (its tokens: '--out=DIR', '-n32', a
        value that starts with '-', '--' ending the options), with every single-valued option
        appending its values; a line click would refuse, or one asking for --help, is left to
        the real parse."""
        single = [p for p in self.params if _single_valued(p)]
        if not single:
            return None
        counting = copy.copy(self)
        counting.params = []
        for p in self.params:
            if p in single:
                p = copy.copy(p)
                p.multiple = True
            counting.params.append(p)
        resilient = ctx.resilient_parsing
        ctx.resilient_parsing = True  # the parser then returns what it read instead of raising
        try:
            opts, _, order = counting.make_parser(ctx).parse_args(args=list(args))
        finally:
            ctx.resilient_parsing = resilient
        help_option = self.get_help_option(ctx)  # by name: click 8.1 makes a new one each call
        if help_option is not None and any(p.name == help_option.name for p in order):
            return None
        for p in single:
            values = opts.get(p.name) or []
            if len(values) > 1:
                option = next((o for o in p.opts if o.startswith("--")), p.opts[0])
                hint = self.hints.get(p.name, GIVE_ONCE)
                if callable(hint):
                    hint = hint(list(values))
                return given_once([str(v) for v in values], option, hint)
        return None


def refusing_repeats(**hints: Hint) -> type[OnceCommand]:
    """:class:`OnceCommand` with its own hints, by parameter name: ``@app.command(
    cls=refusing_repeats(patient="give one patient ..."))``."""
    return type("OnceCommand", (OnceCommand,), {"hints": {**OnceCommand.hints, **hints}})
