"""LaTeX in BibTeX values, to and from Unicode: accents, symbols, escapes, dashes, braces.

A small table of our own: fast enough for 10,000 entries, and predictable (an unknown
command is kept as written rather than dropped).
"""

import re
import unicodedata

from ruche.library.csl import words

ACCENTS = {
    "`": "\u0300", "'": "\u0301", "^": "\u0302", "~": "\u0303", "=": "\u0304", "u": "\u0306",
    ".": "\u0307", '"': "\u0308", "r": "\u030a", "H": "\u030b", "v": "\u030c", "d": "\u0323",
    "c": "\u0327", "k": "\u0328", "b": "\u0331",
}  # fmt: skip
SYMBOLS = {
    "ss": "ß", "o": "ø", "O": "Ø", "ae": "æ", "AE": "Æ", "oe": "œ", "OE": "Œ", "aa": "å",
    "AA": "Å", "l": "ł", "L": "Ł", "i": "ı", "j": "ȷ", "dh": "ð", "DH": "Ð", "th": "þ",
    "TH": "Þ", "ng": "ŋ", "NG": "Ŋ", "dj": "đ", "DJ": "Đ", "textendash": "–",
    "textemdash": "—", "ldots": "…", "dots": "…", "textellipsis": "…", "LaTeX": "LaTeX",
    "TeX": "TeX", "BibTeX": "BibTeX", "textbackslash": "\\", "textasciitilde": "~",
    "textasciicircum": "^", "textunderscore": "_", "S": "§", "P": "¶", "copyright": "©",
    "textcopyright": "©", "textregistered": "®", "texttrademark": "™", "euro": "€",
    "texteuro": "€", "pounds": "£", "textdegree": "°", "guillemotleft": "«",
    "guillemotright": "»", "guillemetleft": "«", "guillemetright": "»",
    "textquoteleft": "‘", "textquoteright": "’", "textquotedblleft": "“",
    "textquotedblright": "”", "textbar": "|", "textless": "<", "textgreater": ">",
    "textperiodcentered": "·", "slash": "/", "textbullet": "•", "nobreakspace": "\u00a0",
    "quad": " ",
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "mu": "μ", "pi": "π",
    "sigma": "σ", "lambda": "λ", "omega": "ω", "times": "×", "pm": "±", "textmu": "µ",
}  # fmt: skip
FORMATTING = words(
    "emph textit textbf textsc textrm textsf texttt textup textmd textnormal mkbibquote "
    "mkbibemph mkbibbold enquote url mbox hbox text textsuperscript textsubscript "
    "uppercase lowercase MakeUppercase MakeLowercase protect"
)
ESCAPES = "&%$#_{}\\~^"
# Private-use stand-ins keep escaped characters out of the brace and math passes.
_HIDE = {c: chr(0xE000 + i) for i, c in enumerate(ESCAPES)}
_SHOW = {v: k for k, v in _HIDE.items()}
_SPECIAL = re.compile(r"[\\{}$~`'-]")
_ESCAPED = re.compile(r"\\([&%$#_{}])")
_SYMBOL_ACCENT = re.compile(r"\\([`'^~=.\"])\s*(?:\{\s*\\?([A-Za-z])\s*\}|\\?([A-Za-z]))")
_LETTER_ACCENT = re.compile(r"\\([urHvdckb])(?:\s*\{\s*\\?([A-Za-z])\s*\}|\s+\\?([A-Za-z]))")
_COMMAND = re.compile(r"\\([A-Za-z]+)(?:\{\}|\s*)")
_CONTROL_SPACE = re.compile(r"\\ ")


def latex_to_text(value: str) -> str:
    """Decode a BibTeX value's LaTeX into plain Unicode text."""
    if not _SPECIAL.search(value):
        return " ".join(value.split())
    text = _ESCAPED.sub(lambda m: _HIDE[m.group(1)], value)
    text = _SYMBOL_ACCENT.sub(_accent, text)
    text = _LETTER_ACCENT.sub(_accent, text)
    text = _COMMAND.sub(_command, text)
    text = _CONTROL_SPACE.sub(" ", text)
    text = text.replace("---", "—").replace("--", "–").replace("``", "“").replace("''", "”")
    text = text.replace("~", " ").replace("{", "").replace("}", "").replace("$", "")
    text = "".join(_SHOW.get(c, c) for c in text)
    return unicodedata.normalize("NFC", " ".join(text.split()))


def _accent(match: re.Match[str]) -> str:
    base = match.group(2) or match.group(3)
    return unicodedata.normalize("NFC", base + ACCENTS[match.group(1)])


def _command(match: re.Match[str]) -> str:
    name = match.group(1)
    if name in SYMBOLS:
        return "".join(_HIDE.get(c, c) for c in SYMBOLS[name])
    if name in FORMATTING:
        return ""
    return match.group(0)


_ENCODE = {
    "\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "%": r"\%", "&": r"\&", "$": r"\$",
    "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
}  # fmt: skip
_TO_ENCODE = re.compile(r"[\\{}%&$#_~^]|--|``|''")


def text_to_latex(text: str) -> str:
    """Encode plain text for a BibTeX value (UTF-8 kept; only TeX's specials escaped)."""
    return _TO_ENCODE.sub(lambda m: _ENCODE.get(m.group(0)) or "{}".join(m.group(0)), text)
