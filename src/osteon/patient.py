"""The patient a simulation is about: sex, age, menopause, body size, densitometry, risk factors.

A :class:`Patient` is a small frozen, validated value. Build it in Python::

    Patient("female", 68, t_score={"lumbar_spine": -2.9})

or read it from a line of text (:meth:`Patient.parse`, :func:`parse_patient`)::

    Patient.parse("female, age 72, t_score_femoral_neck=-2.6, prior fracture, glucocorticoids")

:meth:`Patient.to_text` writes the canonical ``key=value`` form that :meth:`Patient.parse` reads
back to an equal patient. Every problem raises :class:`~osteon.errors.InputError` naming the field,
the allowed domain and the value given; a constructor call with several bad fields reports all of
them at once.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from osteon.errors import InputError, UnknownNameError, did_you_mean
from osteon.readouts import densitometry as dxa
from osteon.units import as_float, is_real

MEDIAN_AGE_AT_MENOPAUSE = 51.4
"""Population median age at natural menopause, years; used when a woman's own age is not given."""

MEDIAN_AGE_AT_MENOPAUSE_SOURCE = (
    "Gold EB, Bromberger J, Crawford S, et al. Factors associated with age at natural menopause in a "
    "multiethnic sample of midlife women. Am J Epidemiol 2001;153(9):865-874, "
    "doi:10.1093/aje/153.9.865, PMID 11323317 (SWAN, n = 14,620 US women aged 40-55: adjusted median "
    "51.4 years). Consistent with McKinlay SM, Brambilla DJ, Posner JG. The normal menopause "
    "transition. Maturitas 1992;14(2):103-115 (Massachusetts Women's Health Study: 51.3 years)."
)

AGE_RANGE = (18.0, 100.0)  # years, both ends allowed (an adult model)
MENOPAUSE_AGE_RANGE = (30.0, 65.0)  # years, both ends allowed
BMI_RANGE = (10.0, 70.0)  # kg/m², 10 < bmi <= 70
ALCOHOL_RANGE = (0.0, 30.0)  # units/day, both ends allowed
"""Alcohol accepted, UK units (8 g ethanol) a day. ASSUMPTION for the upper end: the fracture
model's source (Kanis JA et al., Osteoporos Int 2005;16:737, PMID 15455194, abstract) gives one
step, a relative risk above 2 units/day, and no highest intake studied, so any value above 2
gives the same risk; 30 units (240 g ethanol, a 70 cl bottle of spirits at 40 % is 28 units)
bounds a daily intake, and a larger number is more likely a slip (units a week given as a day)
than a drink. The 50 once allowed had no source."""

FLAGS: tuple[str, ...] = (
    "prior_fracture", "parental_hip_fracture", "smoker", "glucocorticoids", "rheumatoid_arthritis",
)
"""The yes/no clinical risk factors, in the order of :class:`Patient`'s fields."""

_SEX_ALIASES = {"female": "female", "f": "female", "woman": "female", "women": "female",
                "male": "male", "m": "male", "man": "male", "men": "male"}


class SiteValues(Mapping[str, float]):
    """An immutable, hashable mapping site → value, ordered as :data:`~osteon.readouts.densitometry.SITES`."""

    __slots__ = ("_data",)

    def __init__(self, data: Mapping[str, float] | None = None) -> None:
        data = dict(data or {})
        order = {s: i for i, s in enumerate(dxa.SITES)}
        self._data: dict[str, float] = dict(sorted(data.items(), key=lambda kv: order.get(kv[0], 99)))

    def __getitem__(self, key: str) -> float:
        return self._data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __hash__(self) -> int:
        return hash(tuple(self._data.items()))

    def __repr__(self) -> str:
        return repr(self._data)


# --------------------------------------------------------------------------------------------
# validation helpers: each appends a message to `problems` and returns the normalized value
# --------------------------------------------------------------------------------------------

def _ranged(value: Any, name: str, lo: float, hi: float, unit: str, problems: list[str], *,
            lo_open: bool = False) -> float | None:
    lo_txt = f"> {lo:g}" if lo_open else f">= {lo:g}"
    domain = (f"between {lo:g} and {hi:g} {unit}" if not lo_open
              else f"{lo_txt} and <= {hi:g} {unit}")
    if not is_real(value):
        problems.append(f"Patient.{name} must be a number {domain}; got {value!r}")
        return None
    x = as_float(value)
    if not math.isfinite(x) or x > hi or (x <= lo if lo_open else x < lo):
        problems.append(f"Patient.{name} must be {domain}; got {value!r}")
        return None
    return x


def _sex(value: Any, problems: list[str]) -> str | None:
    key = value.strip().lower() if isinstance(value, str) else None
    if key in _SEX_ALIASES:
        return _SEX_ALIASES[key]
    hint = did_you_mean(key, ("female", "male")) if key else ""
    problems.append(f"Patient.sex must be 'female' or 'male' (or f, m, woman, man){hint}; got {value!r}")
    return None


def _sites(value: Any, name: str, problems: list[str],
           check: Callable[[Any, str], Any]) -> SiteValues:
    if value is None:
        return SiteValues()
    if not isinstance(value, Mapping):
        problems.append(f"Patient.{name} must be a mapping site -> value such as "
                        f"{{'femoral_neck': ...}}; got {value!r}")
        return SiteValues()
    out: dict[str, float] = {}
    given: dict[str, Any] = {}
    for key, v in value.items():
        try:
            site = dxa.canonical_site(key)
        except InputError as exc:
            problems.append(f"Patient.{name}: {exc}")
            continue
        if site in out or site in given:
            problems.append(f"Patient.{name} gives site {site} twice ({given[site]!r} and {key!r})")
            continue
        given[site] = key
        if not is_real(v):
            problems.append(f"Patient.{name}[{site!r}] must be a number; got {v!r}")
            continue
        try:
            out[site] = float(check(v, site))
        except InputError as exc:
            problems.append(str(exc))
    return SiteValues(out)


def _check_bmd(v: Any, site: str) -> float:
    return float(dxa.check_measured_bmd(v, site, field="Patient.bmd"))


def _check_t(v: Any, site: str) -> float:
    return float(dxa.check_measured_t_score(v, site, field="Patient.t_score"))


def _fmt(x: float) -> str:
    """Shortest text that reads back to exactly ``x`` (``50.0`` -> ``'50'``)."""
    r = repr(float(x))
    return r[:-2] if r.endswith(".0") else r


# --------------------------------------------------------------------------------------------
# Patient
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True, repr=False)
class Patient:
    """A patient: who the simulation is about. Frozen; every field validated on construction.

    - ``sex``: ``"female"`` or ``"male"`` (``"f"``, ``"m"``, ``"woman"``, ``"man"`` accepted, any case).
    - ``age``: years, 18 to 100.
    - ``age_at_menopause``: women only, 30 to 65 years; ``None`` = not given (see
      :attr:`menopause_age`). It may be later than ``age`` (a menopause still to come).
    - ``bmi``: kg/m², 10 < bmi <= 70; ``None`` = not given.
    - ``bmd``: site -> areal BMD in g/cm² (sites from :data:`~osteon.readouts.densitometry.SITES`;
      aliases such as ``"fn"`` accepted); ``t_score``: site -> T-score. Both within
      :func:`~osteon.readouts.densitometry.plausible_bmd_range`: from a fifth of the young-adult
      mean BMD (T-score -5.72 at the femoral neck, -6.18 at the total hip, -7.62 at the lumbar
      spine; a plausibility bound, see
      :data:`~osteon.readouts.densitometry.MIN_BMD_FRACTION`) to T-score 10. A site may be given
      in one of the two only. Both are stored as immutable mappings (empty when not given).
    - the yes/no risk factors of :data:`FLAGS`, each ``True`` or ``False``.
    - ``alcohol_units_per_day``: 0 to 30 UK units/day (:data:`ALCOHOL_RANGE`).
    """

    sex: str
    age: float
    age_at_menopause: float | None = None
    bmi: float | None = None
    bmd: Mapping[str, float] = field(default_factory=SiteValues)
    t_score: Mapping[str, float] = field(default_factory=SiteValues)
    prior_fracture: bool = False
    parental_hip_fracture: bool = False
    smoker: bool = False
    glucocorticoids: bool = False
    rheumatoid_arthritis: bool = False
    alcohol_units_per_day: float = 0.0

    def __post_init__(self) -> None:
        problems: list[str] = []
        values: dict[str, Any] = {}
        values["sex"] = _sex(self.sex, problems)
        values["age"] = _ranged(self.age, "age", *AGE_RANGE, "years", problems)
        if self.age_at_menopause is not None:
            if values["sex"] == "male":
                problems.append(f"Patient.age_at_menopause is only for women (sex='female'); got "
                                f"{self.age_at_menopause!r} for sex='male'")
            else:
                values["age_at_menopause"] = _ranged(self.age_at_menopause, "age_at_menopause",
                                                     *MENOPAUSE_AGE_RANGE, "years", problems)
        if self.bmi is not None:
            values["bmi"] = _ranged(self.bmi, "bmi", *BMI_RANGE, "kg/m²", problems, lo_open=True)
        bmd = _sites(self.bmd, "bmd", problems, _check_bmd)
        tsc = _sites(self.t_score, "t_score", problems, _check_t)
        for site in dxa.SITES:
            if site in bmd and site in tsc:
                problems.append(f"Patient: site {site} is given in both bmd ({bmd[site]:g} g/cm²) and "
                                f"t_score ({tsc[site]:g}); give one of the two")
        values["bmd"], values["t_score"] = bmd, tsc
        for name in FLAGS:
            v = getattr(self, name)
            if isinstance(v, bool | np.bool_):
                values[name] = bool(v)
            else:
                problems.append(f"Patient.{name} must be True or False; got {v!r}")
        values["alcohol_units_per_day"] = _ranged(self.alcohol_units_per_day, "alcohol_units_per_day",
                                                  *ALCOHOL_RANGE, "units/day", problems)
        if problems:
            if len(problems) == 1:
                raise InputError(problems[0])
            raise InputError(f"{len(problems)} problems in Patient: " + "; ".join(problems))
        for name, v in values.items():
            object.__setattr__(self, name, v)

    # -- derived -----------------------------------------------------------------------------

    @property
    def is_female(self) -> bool:
        return self.sex == "female"

    @property
    def menopause_age(self) -> float | None:
        """Her age at menopause, or :data:`MEDIAN_AGE_AT_MENOPAUSE` if not given; ``None`` for a man."""
        if self.sex != "female":
            return None
        return MEDIAN_AGE_AT_MENOPAUSE if self.age_at_menopause is None else self.age_at_menopause

    def target_bmd(self) -> dict[str, float]:
        """Areal BMD (g/cm²) per site given, from ``bmd`` or converted from ``t_score``."""
        out = {s: float(dxa.bmd_from_t_score(t, s)) for s, t in self.t_score.items()}
        out.update(self.bmd)
        return {s: out[s] for s in dxa.SITES if s in out}

    # -- copying and text --------------------------------------------------------------------

    def replace(self, **changes: Any) -> Patient:
        """A new, validated patient with ``changes`` applied (e.g. ``p.replace(age=70)``)."""
        names = [f.name for f in dataclasses.fields(self)]
        for key in changes:
            if key not in names:
                raise UnknownNameError(f"unknown Patient field '{key}'{did_you_mean(key, names)}; "
                                       f"allowed: {', '.join(names)}")
        return dataclasses.replace(self, **changes)

    @classmethod
    def parse(cls, text: str) -> Patient:
        """Read a patient from text; see :func:`parse_patient`."""
        return parse_patient(text)

    def to_text(self) -> str:
        """Canonical ``key=value`` text; :meth:`parse` reads it back to an equal patient."""
        parts = [f"sex={self.sex}", f"age={_fmt(self.age)}"]
        if self.age_at_menopause is not None:
            parts.append(f"menopause_age={_fmt(self.age_at_menopause)}")
        if self.bmi is not None:
            parts.append(f"bmi={_fmt(self.bmi)}")
        parts += [f"t_score_{s}={_fmt(v)}" for s, v in self.t_score.items()]
        parts += [f"bmd_{s}={_fmt(v)}" for s, v in self.bmd.items()]
        parts += [f"{name}=yes" for name in FLAGS if getattr(self, name)]
        if self.alcohol_units_per_day:
            parts.append(f"alcohol_units_per_day={_fmt(self.alcohol_units_per_day)}")
        return " ".join(parts)

    def __repr__(self) -> str:
        shown = [f"sex={self.sex!r}", f"age={_fmt(self.age)}"]
        for f in dataclasses.fields(self)[2:]:
            v = getattr(self, f.name)
            default = f.default if f.default is not dataclasses.MISSING else SiteValues()
            if v != default:
                shown.append(f"{f.name}={_fmt(v) if isinstance(v, float) else repr(v)}")
        return f"Patient({', '.join(shown)})"


# --------------------------------------------------------------------------------------------
# text parser
# --------------------------------------------------------------------------------------------

EXPECTED = (
    "sex (female/male), age N, menopause at N, bmi N, t_score_<site>=T, bmd_<site>=G "
    "(g/cm², or N mg/cm2) (site: lumbar_spine/ls, total_hip/th, femoral_neck/fn), prior fracture, "
    "parental hip fracture, "
    "smoker, glucocorticoids, rheumatoid arthritis, alcohol N units/day; each may also be key=value "
    "(e.g. sex=female age=50 menopause_age=51)"
)

MG_PER_G = 1000.0
"""A BMD written in mg/cm² (``BMD 840 mg/cm2 at the spine``) is read as g/cm² divided by this
(840 mg/cm² = 0.840 g/cm²): milligrams per gram, a definition."""

_NUM = r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?"
_NUM_RE = re.compile(_NUM, re.IGNORECASE)
_END = r"(?=\s|$)"
_SEP = r"(?:=|\s)"
_GAP = r"(?:(?<=[\d.])\s?|\s)"  # a unit follows a number directly or after one space
_G_CM2 = r"(?:" + _GAP + r"(?P<unit>m?g)/cm(?:2|²|\^2))?"  # g/cm², or mg/cm² (converted)
_YEARS = r"(?:" + _GAP + r"(?:years?|yrs?|y)(?:[\s-]?old)?)?"
_SITE = "|".join(sorted((k.replace("_", "[_ -]") for k in dxa.SITE_ALIASES), key=len, reverse=True))
_AT_SITE = r"\s+(?:at|in)\s+(?:the\s+)?(?P<site>" + _SITE + ")"  # "... at the femoral neck"
_YES = {"yes": True, "y": True, "true": True, "1": True, "no": False, "n": False, "false": False,
        "0": False}
_FLAG_PHRASES = {
    "prior_fracture": r"(?:prior|previous)[_ ](?:fragility[_ ])?fractures?|fracture[_ ]history",
    "parental_hip_fracture": r"parental[_ ]hip[_ ]fractures?|parents?[_ ]hip[_ ]fractures?"
                             r"|parents?[_ ]fractured[_ ]hip",
    "smoker": r"(?:current[_ ])?smoker|smoking|smokes",
    "glucocorticoids": r"(?:oral[_ ])?glucocorticoids?(?:[_ ]use)?|corticosteroids?|steroids",
    "rheumatoid_arthritis": r"rheumatoid[_ ]arthritis|ra",
}
_ALCOHOL_UNITS = (r"(?:" + _GAP + r"(?:units?|drinks?|u)(?:\s?/\s?(?:day|d)|\sper\sday|\sa\sday|\sdaily)?"
                  r"|" + _GAP + r"/\s?(?:day|d)|\sper\sday|\sdaily)?")


class _BadValueError(Exception):
    """A token that matched a rule but whose value is wrong (message: what is wrong)."""


class _State:
    def __init__(self) -> None:
        self.values: dict[str, Any] = {}
        self.tokens: dict[str, str] = {}
        self.comma_hint = ""

    def set(self, key: str, value: Any, token: str) -> None:
        if key in self.values:
            raise _BadValueError(f"{key.replace('#', ' at ')} is already given ('{self.tokens[key]}')")
        self.values[key] = value
        self.tokens[key] = token


def _number(text: str, what: str) -> float:
    if not _NUM_RE.fullmatch(text):
        raise _BadValueError(f"'{text}' is not a number; expected {what}")
    return float(text)


def _site(text: str) -> str:
    return dxa.canonical_site(text)


def _h_sex(m: re.Match[str], st: _State) -> None:
    v = m.group("v").lower()
    if v not in _SEX_ALIASES:
        raise _BadValueError(f"'{m.group('v')}' is not a sex{did_you_mean(v, ('female', 'male'))}; "
                   f"expected female or male (or f, m, woman, man)")
    st.set("sex", _SEX_ALIASES[v], m.group(0))


def _h_age(m: re.Match[str], st: _State) -> None:
    st.set("age", _number(m.group("v"), "age N (years)"), m.group(0))


def _h_bare_age(m: re.Match[str], st: _State) -> None:
    if "age" in st.values:
        raise _BadValueError(f"a bare number is read as the age, and the age is already given "
                   f"('{st.tokens['age']}')")
    _h_age(m, st)


def _h_menopause(m: re.Match[str], st: _State) -> None:
    st.set("age_at_menopause", _number(m.group("v"), "menopause at N (years)"), m.group(0))


def _h_bmi(m: re.Match[str], st: _State) -> None:
    st.set("bmi", _number(m.group("v"), "bmi N (kg/m²)"), m.group(0))


def _h_tscore(m: re.Match[str], st: _State) -> None:
    site = _site(m.group("site"))
    st.set(f"t_score#{site}", _number(m.group("v"), f"t_score_{site}=T"), m.group(0))


def _h_bmd(m: re.Match[str], st: _State) -> None:
    site = _site(m.group("site"))
    value = _number(m.group("v"), f"bmd_{site}=G (g/cm²)")
    if (m.group("unit") or "g").lower() == "mg":  # 840 mg/cm² is 0.840 g/cm²
        mg, value = value, value / MG_PER_G
        lo, hi = dxa.plausible_bmd_range(site)
        if not lo <= value <= hi:
            raise _BadValueError(
                f"BMD at {site} must be between {lo:.4g} and {hi:.4g} g/cm² ({lo * MG_PER_G:.4g} "
                f"to {hi * MG_PER_G:.4g} mg/cm²); got {mg:g} mg/cm², which is {value:.4g} g/cm²")
    st.set(f"bmd#{site}", value, m.group(0))


def _h_alcohol(m: re.Match[str], st: _State) -> None:
    st.set("alcohol_units_per_day", _number(m.group("v"), "alcohol N units/day"), m.group(0))


def _h_flag(name: str, value: bool | None) -> Callable[[re.Match[str], _State], None]:
    def handler(m: re.Match[str], st: _State) -> None:
        v = value
        if v is None:
            word = m.group("v").lower()
            if word not in _YES:
                raise _BadValueError(f"'{m.group('v')}' is not yes or no; expected {name}=yes or {name}=no")
            v = _YES[word]
        st.set(name, v, m.group(0))
    return handler


@dataclass(frozen=True)
class _Rule:
    regex: re.Pattern[str]
    handler: Callable[[re.Match[str], _State], None]
    anchor: bool = True  # starts with a keyword (used to find where a bad token ends)


def _rule(pattern: str, handler: Callable[[re.Match[str], _State], None], anchor: bool = True) -> _Rule:
    return _Rule(re.compile(pattern + _END, re.IGNORECASE), handler, anchor)


def _h_gc_dose(m: re.Match[str], st: _State) -> None:
    raise _BadValueError(
        f"a glucocorticoid dose is not read here: the risk factor is yes or no, as in FRAX "
        f"(write 'glucocorticoids'); for the dose's effect on bone, simulate the condition "
        f"(--condition 'glucocorticoids {m.group('v')} mg/day', or conditions= in Python)")


_RULES: tuple[_Rule, ...] = (
    # before the bare number (read as an age): "glucocorticoids 2.5 mg/d" gives a dose
    _rule(r"(?:" + _FLAG_PHRASES["glucocorticoids"] + r")" + _SEP + r"(?P<v>" + _NUM
          + r")(?:" + _GAP + r"mg(?:/d(?:ay)?)?)?", _h_gc_dose),
    _rule(r"(?:age[_ ]at[_ ]menopause|menopaus(?:e|al)(?:[_ ]age)?(?:[_ ]at(?:[_ ]age)?)?)"
          + _SEP + r"(?P<v>\S+?)" + _YEARS, _h_menopause),
    _rule(r"(?:t[_-]?score|t)[_ -](?P<site>" + _SITE + ")" + _SEP + r"(?P<v>\S+)", _h_tscore),
    _rule(r"(?P<site>" + _SITE + r")[_ ]t[_-]?score(?:\s+of)?" + _SEP + r"(?P<v>\S+)", _h_tscore),
    # the clinic's word order: "T-score -2.7 at the femoral neck", "BMD 0.62 g/cm2 at the hip"
    _rule(r"t[_-]?score(?:\s+of)?" + _SEP + r"(?P<v>\S+)" + _AT_SITE, _h_tscore),
    _rule(r"bmd(?:\s+of)?" + _SEP + r"(?P<v>\S+?)" + _G_CM2 + _AT_SITE, _h_bmd),
    _rule(r"bmd[_ -](?P<site>" + _SITE + ")" + _SEP + r"(?P<v>\S+?)" + _G_CM2, _h_bmd),
    _rule(r"(?P<site>" + _SITE + r")[_ ]bmd(?:\s+of)?" + _SEP + r"(?P<v>\S+?)" + _G_CM2, _h_bmd),
    _rule(r"(?:aged|age)" + _SEP + r"(?P<v>\S+?)" + _YEARS, _h_age),
    _rule(r"(?P<v>" + _NUM + r")(?:\s?|-)(?:years?|yrs?|y)(?:[\s-]?old)?", _h_age, anchor=False),
    _rule(r"(?P<v>" + _NUM + ")", _h_bare_age, anchor=False),
    _rule(r"bmi" + _SEP + r"(?P<v>\S+?)(?:" + _GAP + r"kg/m(?:2|²|\^2))?", _h_bmi),
    _rule(r"alcohol(?:[_ ]units(?:[_ ]per[_ ]day)?)?" + _SEP + r"(?P<v>\S+?)" + _ALCOHOL_UNITS,
          _h_alcohol),
    _rule(r"(?:sex|gender)" + _SEP + r"(?P<v>\S+)", _h_sex),
    _rule(r"(?P<v>female|male|woman|women|man|men|f|m)", _h_sex),
    *(_rule(r"(?:no|non|not[_ ]a)[\s_-]?(?:" + p + ")", _h_flag(n, False)) for n, p in _FLAG_PHRASES.items()),
    *(_rule(r"(?:" + p + r")=(?P<v>\S+)", _h_flag(n, None)) for n, p in _FLAG_PHRASES.items()),
    *(_rule(r"(?:" + p + ")", _h_flag(n, True)) for n, p in _FLAG_PHRASES.items()),
)

_KEYS = ("sex", "age", "menopause_age", "age_at_menopause", "bmi",
         *(f"t_score_{s}" for s in dxa.SITES), *(f"bmd_{s}" for s in dxa.SITES),
         *FLAGS, "alcohol", "alcohol_units_per_day")
_VOCAB = ("female", "male", "woman", "man", "sex=female", "age N", "aged N", "N years",
          "menopause at N", "menopause_age=N", "age_at_menopause=N", "bmi N",
          *(f"t_score_{s}=T" for s in dxa.SITES), *(f"bmd_{s}=G" for s in dxa.SITES),
          "prior fracture", "parental hip fracture", "smoker", "glucocorticoids",
          "rheumatoid arthritis", "alcohol N units/day", "alcohol_units_per_day=N")
_NUM_IN_TEXT = re.compile(r"(?<![A-Za-z_\d])" + _NUM + r"(?![A-Za-z_\d])", re.IGNORECASE)


def _bad_span(s: str, pos: int) -> str:
    """The unreadable token at ``pos``: up to the next word where a keyword rule matches."""
    for m in re.finditer(r"\s(?=\S)", s[pos:]):
        p = pos + m.end()
        if any(r.anchor and r.regex.match(s, p) for r in _RULES):
            return s[pos:p].rstrip()
    return s[pos:]


#: keywords that need a value, with the form that gives it
_NEEDS_VALUE = {"alcohol": "alcohol N units/day", "menopause": "menopause at N", "bmi": "bmi N",
                "age": "age N", "aged": "aged N"}


def _suggest(token: str) -> str:
    first = token.split()[0].lower() if token.split() else token
    key = first.split("=")[0]
    if key in _NEEDS_VALUE and len(token.split()) == 1 and not first.endswith("="):
        return f" ('{key}' needs its value: {_NEEDS_VALUE[key]})"
    hint = did_you_mean(_NUM_IN_TEXT.sub("N", token.lower()), _VOCAB)
    if hint:
        return hint
    if "=" in first:
        return did_you_mean(key, _KEYS)
    return did_you_mean(key, (*_KEYS, "menopause", "alcohol", "bmd", "t_score"))


#: past smoking, in the words a clinician writes it: not 'smoker', which is current smoking
_PAST_SMOKING = re.compile(r"(?:ex|former|past|previous|prior|quit|stopped|gave[_ ]up|used[_ ]to)"
                           r"[\s_-]*(?:smok|cigarette)", re.IGNORECASE)
#: what past smoking is here: 'smoker' carries Kanis 2005's relative risks for current smoking
#: (readouts.fracture_data), FRAX's smoking question
PAST_SMOKING_HINT = (" (smoker is FRAX's current smoking, with Kanis 2005's relative risks of "
                     "current smokers; past smoking is not a risk factor of the fracture model: "
                     "leave it out, or write 'non-smoker', and write 'smoker' only for a current "
                     "smoker)")


def _past_smoking_hint(rest: str) -> str:
    """:data:`PAST_SMOKING_HINT` when the text from the unreadable token on says past smoking
    (the token is 'ex' of 'ex smoker' or 'former' of 'former smoker', cut at 'smoker')."""
    return PAST_SMOKING_HINT if _PAST_SMOKING.match(rest) else ""


def _site_hint(token: str) -> str:
    key = token.split("=")[0].split()[0].lower().replace("-", "_")
    if key.startswith(("t_score", "tscore", "bmd")):
        return (" (a T-score or BMD needs a site: t_score_<site>=T, bmd_<site>=G, or 'T-score T "
                "at the <site>', with site lumbar_spine, total_hip or femoral_neck, or ls, th, "
                "fn)")
    return ""


def parse_patient(text: str) -> Patient:
    """Read a :class:`Patient` from text such as ``"female, age 72, t_score_femoral_neck=-2.6"``.

    Tokens are separated by commas (or semicolons) and/or whitespace; both ``key=value`` and
    ``key value`` work. Accepted: sex (``female``/``male``/``f``/``m``/``woman``/``man``, or
    ``sex=...``), age (``age 50``, ``aged 50``, ``50 years``, ``age=50``, or a bare number),
    ``menopause at N`` / ``menopause_age=N`` / ``age_at_menopause=N``, ``bmi N``,
    ``t_score_<site>=T`` / ``tscore_<site> T`` / ``<site> T-score of T`` / ``T-score T at the
    <site>``, ``bmd_<site>=G`` / ``BMD G g/cm2 at the <site>`` (g/cm²; a value written with
    its unit ``mg/cm2`` or ``mg/cm²`` is converted, 840 mg/cm² = 0.840 g/cm²), the risk factors
    (``prior fracture``, ``parental hip fracture``, ``smoker``, ``glucocorticoids``,
    ``rheumatoid arthritis``; ``no ...``/``non-smoker`` for no; ``name=yes|no``) and
    ``alcohol N units/day``. Site aliases: ls/spine, th/hip, fn/neck.

    An unreadable token raises :class:`InputError` quoting it and the whole text; a missing sex
    or age, or a value outside its domain, raises :class:`InputError` naming the field.
    """
    if not isinstance(text, str):
        raise InputError(f"patient text must be a str such as 'female, age 50'; got {text!r}")
    if not text.strip():
        raise InputError(f"patient text is empty; expected e.g. 'female, age 50'; got {text!r}")
    st = _State()
    if re.search(r"\d,\d", text):
        st.comma_hint = " (write decimals with a point, 0.80, not a comma: commas separate tokens)"
    for chunk in re.split(r"[,;]", text):
        s = re.sub(r"\s*[=:]\s*", "=", " ".join(chunk.split()))
        pos = 0
        while pos < len(s):
            for rule in _RULES:
                m = rule.regex.match(s, pos)
                if m is None:
                    continue
                try:
                    rule.handler(m, st)
                except (_BadValueError, InputError) as exc:
                    raise InputError(f"cannot read '{m.group(0)}' in \"{text}\": "
                                     f"{exc}{st.comma_hint}") from None
                pos = m.end()
                while pos < len(s) and s[pos].isspace():
                    pos += 1
                break
            else:
                token = _bad_span(s, pos)
                hint = _site_hint(token) or _past_smoking_hint(s[pos:]) or _suggest(token)
                raise InputError(f"cannot read '{token}' in \"{text}\"{hint}: expected one of {EXPECTED}")
    missing = [f for f in ("sex", "age") if f not in st.values]
    if missing:
        what = {"sex": "the sex (female or male)", "age": "the age (age N)"}
        raise InputError(f"patient text \"{text}\" does not give {' and '.join(what[f] for f in missing)}; "
                         f"e.g. \"female, age 50\" or \"sex=female age=50\"")
    kwargs: dict[str, Any] = {"bmd": {}, "t_score": {}}
    for key, v in st.values.items():
        if "#" in key:
            name, site = key.split("#")
            kwargs[name][site] = v
        else:
            kwargs[key] = v
    try:
        return Patient(**kwargs)
    except InputError as exc:
        raise InputError(f"{exc} (reading \"{text}\"){st.comma_hint}") from None
