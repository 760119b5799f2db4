"""Click's own refusals as osteon's: one line, ``error: ...``, and exit 2.

Click (under typer) refuses a value it cannot convert (``--years abc``), an unknown option or
command and a missing value with a usage line, a help hint and a boxed message that does not
echo the value given ("Invalid value for '--years': Input should be a valid number"). Every
command (:class:`~osteon.cli._once.OnceCommand`) and group (:class:`OneLineGroup`) turns those
into the one line every other bad input gets: ``error: --years (Duration in years) must be a
number; got 'abc'``, naming the option, what it is (its help's first clause), what it takes and
the value given; an unknown option, command or missing
value says so and where the list of options is.
"""

from __future__ import annotations

import copy
import re
import typing
from typing import Any

import typer
from typer.core import TyperGroup

try:  # typer from 0.2x carries its own click
    from typer._click.exceptions import BadParameter, ClickException, MissingParameter
except ImportError:  # an older typer, on click
    from click.exceptions import (  # type: ignore[no-redef]
        BadParameter,
        ClickException,
        MissingParameter,
    )

#: what an option of each Python type takes, as the error says it
_TAKES = {"float": "a number", "int": "a whole number", "integer": "a whole number"}


def passes_through(exc: BaseException) -> bool:
    """Whether click's ``exc`` is left to click: the help that a group without arguments shows
    (raised as an error by click 8.2)."""
    return type(exc).__name__ == "NoArgsIsHelpError"


def one_line(exc: ClickException, ctx: Any, given: list[str] | None = None) -> typer.Exit:
    """Print click's ``exc`` as osteon's one-line error; the exit (code 2) to raise.
    ``given``: the values given to the option refused, as typed."""
    typer.echo(f"error: {message(exc, ctx, given)}", err=True)
    return typer.Exit(code=2)


def message(exc: ClickException, ctx: Any, given: list[str] | None = None) -> str:
    """The text of :func:`one_line` (without ``error:``)."""
    param = getattr(exc, "param", None)
    text = " ".join(str(exc.format_message()).split()).rstrip(".")
    if isinstance(exc, BadParameter) and not isinstance(exc, MissingParameter) \
            and param is not None:
        name = _option(param)
        takes = _takes(param)
        value = _bad_value(given or [], takes)
        got = f"; got {value}" if value is not None else ""
        if takes is not None:
            meaning = _meaning(param)
            return f"{name}{f' ({meaning})' if meaning else ''} must be {takes}{got}"
        return f"{name}: {str(getattr(exc, 'message', text)).rstrip('.')}{got}"
    where = getattr(exc, "ctx", None) or ctx
    path = getattr(where, "command_path", "") or "osteon"
    return f"{text}; see '{path} --help'"


def given_values(command: Any, ctx: Any, args: list[str], param: Any) -> list[str]:
    """What the command line ``args`` gives ``param`` of ``command``, as typed (every value of
    an option given more than once), read by click's own parser as click reads it."""
    if param is None or getattr(param, "name", None) is None:
        return []
    reading = copy.copy(command)
    reading.params = []
    for p in command.params:
        if p.name == param.name and getattr(p, "param_type_name", "") == "option" \
                and not p.multiple and not p.is_flag:
            p = copy.copy(p)
            p.multiple = True
        reading.params.append(p)
    resilient = ctx.resilient_parsing
    ctx.resilient_parsing = True  # the parser then returns what it read instead of raising
    try:
        opts, _, _ = reading.make_parser(ctx).parse_args(args=list(args))
    except ClickException:
        return []
    finally:
        ctx.resilient_parsing = resilient
    values = opts.get(param.name)
    if values is None:
        return []
    if isinstance(values, list | tuple):
        return [str(v) for v in values]
    return [str(values)]


def _option(param: Any) -> str:
    opts = list(getattr(param, "opts", []) or [])
    if getattr(param, "param_type_name", "") != "option" or not opts:
        return f"argument {getattr(param, 'human_readable_name', param.name)!r}"
    return next((o for o in opts if o.startswith("--")), opts[0])


def _meaning(param: Any) -> str:
    """What ``param`` is, from its help's first clause (``Duration in years``); empty where the
    help has none short enough."""
    first = re.split(r"\s*(?:\(|[.:;,](?:\s|$))", str(getattr(param, "help", "") or ""), maxsplit=1)[0]
    return first.strip() if len(first.strip()) <= 60 else ""


def _takes(param: Any) -> str | None:
    """What ``param`` takes (``a number``), where its type says; ``None`` otherwise."""
    annotation = getattr(getattr(param, "type_descriptor", None), "annotation", None)
    if annotation is not None:
        args = typing.get_args(annotation)
        if typing.get_origin(annotation) in (list, tuple) and args:
            annotation = args[0]
        name = getattr(annotation, "__name__", "")
    else:  # click's own parameter types
        name = getattr(getattr(param, "type", None), "name", "")
    return _TAKES.get(name)


def _bad_value(values: list[str], takes: str | None) -> str | None:
    """The value refused among ``values``, quoted: the first that is not ``takes``, else every
    one given; ``None`` where none was read."""
    convert = {"a number": float, "a whole number": int}.get(takes or "")
    for v in values if convert is not None else ():
        try:
            convert(v)
        except ValueError:
            return repr(v)
    return ", ".join(repr(v) for v in values) or None


class OneLineGroup(TyperGroup):
    """A group whose usage errors (an unknown option or command) are osteon's one line."""

    def parse_args(self, ctx, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except ClickException as exc:
            if ctx.resilient_parsing or passes_through(exc):
                raise
            raise one_line(exc, ctx) from None

    def resolve_command(self, ctx, args: list[str]):
        try:
            return super().resolve_command(ctx, args)
        except ClickException as exc:
            if ctx.resilient_parsing or passes_through(exc):
                raise
            raise one_line(exc, ctx) from None


def as_options(message: str, options: typing.Mapping[str, str]) -> str:
    """``message`` (a library's refusal) with each argument name that begins a clause ('n must
    be ...', '...: seed must be ...') written as the option the CLI user typed (``options``:
    argument name -> option, e.g. ``{"n": "--samples (-n)"}``)."""
    for name, option in options.items():
        message = re.sub(rf"(^|: |; ){re.escape(name)}( must | give )",
                         lambda m, o=option: f"{m[1]}{o}{m[2]}", message)
    return message
