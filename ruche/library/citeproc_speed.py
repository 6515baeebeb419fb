"""Memos for citeproc-py's structural look-ups, which it repeats for every entry.

citeproc-py finds a style's macros, terms and enclosing layout with XPath and walks the
tree to learn whether an element calls a variable, for every entry it formats. None of
these depend on the item: each style keeps the answers on its root element (keeping the
element objects alive, so lxml gives back the same ones). Imported for its effect by
`ruche.library.citations`; the bibliography tests compare the output with citeproc-py's.
"""

from collections.abc import Callable
from typing import Any

from citeproc import model, source


def _memo(element: Any, name: str) -> dict[Any, Any]:
    root = element.get_root()
    cache = getattr(root, name, None)  # an unknown attribute is None on citeproc elements
    if cache is None:
        cache = {}
        setattr(root, name, cache)
    return cache


def _cached_get_macro(self: Any, name: str) -> Any:
    cache = _memo(self, "_ruche_macros")
    if name not in cache:
        cache[name] = self.get_root().xpath_search(f"cs:macro[@name='{name}'][1]")[0]
    return cache[name]


def _cached_get_layout(self: Any) -> Any:
    cache = _memo(self, "_ruche_layouts")
    if self not in cache:
        cache[self] = self.xpath_search("./ancestor-or-self::cs:layout[1]")[0]
    return cache[self]


def _per_element(original: Callable[[Any], bool]) -> Callable[[Any], bool]:
    def calls_variable(self: Any) -> bool:
        cache = _memo(self, "_ruche_calls_variable")
        if self not in cache:
            cache[self] = original(self)
        return bool(cache[self])

    return calls_variable


_get_term = model.CitationStylesElement.get_term


def _cached_get_term(self: Any, name: str, form: Any = None, fallback_locale: bool = True,
                     zero_padded: bool = False) -> Any:  # fmt: skip
    if isinstance(self.get_root(), model.Locale):  # a locale's own look-up: left as it is
        return _get_term(self, name, form, fallback_locale, zero_padded)
    cache = _memo(self, "_ruche_terms")
    key = (name, form, fallback_locale, zero_padded)
    if key not in cache:
        cache[key] = _get_term(self, name, form, fallback_locale, zero_padded)
    return cache[key]


def _item(self: Any, key: str) -> Any:
    """CustomDict's item look-up without its `super()` call (attributes of items go here)."""
    try:
        return dict.__getitem__(self, key)
    except KeyError:
        raise source.VariableError from None


_reference = source.CitationItem.reference.fget


def _fast_reference(self: Any) -> Any:
    """A cited item's data: the same path as citeproc-py, without three attribute hops."""
    try:
        citation = dict.__getitem__(self, "citation")
        bibliography = dict.__getitem__(citation, "bibliography")
        return bibliography.source[dict.__getitem__(self, "key")]
    except (KeyError, AttributeError):
        return _reference(self)


source.CustomDict.__getitem__ = _item
source.CustomDict.__getattr__ = _item
source.CitationItem.reference = property(_fast_reference)
model.CitationStylesElement.get_macro = _cached_get_macro
model.CitationStylesElement.get_layout = _cached_get_layout
model.CitationStylesElement.get_term = _cached_get_term
model.Parent.calls_variable = _per_element(model.Parent.calls_variable)
model.Text.calls_variable = _per_element(model.Text.calls_variable)
