// The history panel: versions (automatic and named), a read-only view, a diff against the
// current text with authors, and "restore", which the server applies as a new change.

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

async function call(config, path, options = {}) {
  const response = await fetch(`${config.api}${path}`, {
    credentials: "same-origin",
    headers: { "Content-Type": "application/json", "X-CSRFToken": config.csrf },
    ...options,
  });
  const body = response.status === 204 ? null : await response.json();
  if (!response.ok) throw new Error(body?.detail || response.statusText);
  return body;
}

function when(iso) {
  return new Date(iso).toLocaleString(document.documentElement.lang || undefined, {
    dateStyle: "medium",
    timeStyle: "short",
  });
}

export function historyPanel(panel, config) {
  if (!panel) return;
  const t = config.t;
  const list = panel.querySelector(".pad-versions");
  const view = panel.querySelector(".pad-version-view");
  const form = panel.querySelector("form.pad-version-form");
  const message = panel.querySelector(".pad-history__message");

  const say = (text) => {
    message.textContent = text;
  };

  const showVersion = async (version) => {
    const body = await call(config, `/versions/${version.id}`);
    view.replaceChildren(el("h3", "pad-version-view__title", version.label || when(version.created_at)));
    const content = el("div", "pad-version-view__content");
    content.innerHTML = body.html; // sanitised by the server (nh3)
    view.append(content);
    view.hidden = false;
    view.focus();
  };

  const showDiff = async (version, until = null) => {
    const to = until ? until.id : "current";
    const body = await call(config, `/diff?from=${version.id}&to=${to}`);
    const title = until ? t.diffPrevious || "Changes in this version" : t.diffTitle || "Changes since this version";
    view.replaceChildren(el("h3", "pad-version-view__title", title));
    view.append(el("p", "muted small", `+${body.inserted} / −${body.deleted}`));
    const text = el("div", "pad-diff");
    for (const change of body.changes) {
      const tag = change.op === "insert" ? "ins" : change.op === "delete" ? "del" : "span";
      const node = el(tag, change.author ? "pad-diff__change" : "", change.text);
      if (change.author) {
        node.title = change.author.name;
        node.style.setProperty("--author", change.author.colour);
      }
      text.append(node);
    }
    view.append(text);
    view.hidden = false;
    view.focus();
  };

  const restore = async (version) => {
    if (!window.confirm(t.restoreConfirm || "Restore this version?")) return;
    await call(config, `/versions/${version.id}/restore`, { method: "POST" });
    say(t.restored || "Restored.");
    refresh();
  };

  const row = (version, index, versions) => {
    const item = el("li", "pad-versions__item");
    const kind = t[`kind_${version.kind}`] || version.kind;
    const title = el("p", "pad-versions__title", version.label || kind);
    const meta = el("p", "muted small", `${when(version.created_at)}${version.created_by ? ` · ${version.created_by}` : ""}`);
    const actions = el("div", "cluster pad-versions__actions");
    const button = (label, action) => {
      const b = el("button", "button button--small", label);
      b.type = "button";
      b.addEventListener("click", () => action(version).catch((e) => say(e.message)));
      actions.append(b);
    };
    button(t.view || "View", showVersion);
    button(t.compare || "Compare with now", (v) => showDiff(v));
    const previous = versions[index + 1];
    if (previous) button(t.comparePrevious || "What changed", () => showDiff(previous, version));
    if (!config.readonly) button(t.restore || "Restore", restore);
    item.append(title, meta, actions);
    return item;
  };

  const refresh = async () => {
    try {
      const versions = await call(config, "/versions");
      list.replaceChildren(...versions.map(row));
      if (!versions.length) list.append(el("li", "muted", t.noVersions || "No versions yet."));
    } catch (error) {
      say(error.message);
    }
  };

  form?.addEventListener("submit", async (event) => {
    event.preventDefault();
    const input = form.querySelector("input[name=label]");
    try {
      await call(config, "/versions", { method: "POST", body: JSON.stringify({ label: input.value }) });
      input.value = "";
      say(t.saved || "Version saved.");
      refresh();
    } catch (error) {
      say(error.message);
    }
  });
  panel.addEventListener("toggle", () => panel.open && refresh());
  if (panel.open) refresh();
}
