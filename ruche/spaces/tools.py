"""The tools of a space (pads, modules, the pilot, the library...), shown as its tabs.

Each app registers its tool in its AppConfig.ready(), so the spaces app never imports them.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise

from ruche.spaces.models import Space


@dataclass(frozen=True)
class SpaceTool:
    key: str
    label: Promise
    url_name: str
    order: int = 50
    # Which spaces show the tool (e.g. the pilot only in cohorts); all by default.
    shown: Callable[[Space], bool] = lambda space: True

    def url(self, space: Space) -> str:
        return reverse(self.url_name, args=[space.id])


_tools: dict[str, SpaceTool] = {}


def register_space_tool(tool: SpaceTool) -> None:
    _tools[tool.key] = tool


def space_tools(space: Space) -> list[tuple[SpaceTool, str]]:
    """The tools shown in this space, in order, with their URLs."""
    tools = sorted(_tools.values(), key=lambda tool: (tool.order, tool.key))
    return [(tool, tool.url(space)) for tool in tools if tool.shown(space)]
