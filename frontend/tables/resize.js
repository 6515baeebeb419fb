// Column widths: drag a header's edge, or focus it and press the arrows (Shift: larger
// steps). The width is written to the shared document when the drag ends, so everyone
// sees it; while dragging, only this page's cells follow the pointer.
const MIN = 40;
const MAX = 2000;

function clamp(width) {
  return Math.round(Math.max(MIN, Math.min(MAX, width)));
}

function showWidth(grid, index, width) {
  for (const node of grid.grid.querySelectorAll(`[data-col="${index}"]`)) node.style.width = `${width}px`;
}

export function startResize(grid, event, column, index) {
  if (event.button !== 0 || !grid.live) return;
  event.preventDefault();
  const handle = event.currentTarget;
  handle.setPointerCapture?.(event.pointerId);
  const direction = getComputedStyle(handle).direction === "rtl" ? -1 : 1;
  const startX = event.clientX;
  let width = column.width;
  grid.resizing = true;
  const move = (moved) => {
    width = clamp(column.width + direction * (moved.clientX - startX));
    showWidth(grid, index, width);
    handle.setAttribute("aria-valuenow", String(width));
  };
  const end = () => {
    handle.removeEventListener("pointermove", move);
    handle.removeEventListener("pointerup", end);
    handle.removeEventListener("pointercancel", end);
    grid.resizing = false;
    if (width !== column.width) grid.setWidth(column.id, width);
    else if (grid.stale) grid.render();
  };
  handle.addEventListener("pointermove", move);
  handle.addEventListener("pointerup", end);
  handle.addEventListener("pointercancel", end);
}

export function resizeByKey(grid, event, column) {
  const step = event.shiftKey ? 50 : 10;
  const delta = { ArrowRight: step, ArrowUp: step, ArrowLeft: -step, ArrowDown: -step }[event.key];
  if (!delta) return;
  event.preventDefault();
  // Read the width now: a second key may come before the header is drawn again.
  const current = Number(grid.columnsMap.get(column.id)?.get("width")) || column.width;
  grid.setWidth(column.id, clamp(current + delta));
}
