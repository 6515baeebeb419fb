// The pad editor: TipTap (ProseMirror) bound to a Yjs document shared over y-websocket,
// kept offline in IndexedDB. Configuration comes from data attributes of #pad-editor and
// the JSON script #pad-i18n (the CSP allows no inline script or style).
import "./pad-editor.css";
import { Editor, Extension } from "@tiptap/core";
import StarterKit from "@tiptap/starter-kit";
import Collaboration from "@tiptap/extension-collaboration";
import CollaborationCaret from "@tiptap/extension-collaboration-caret";
import { TableKit } from "@tiptap/extension-table";
import { Plugin, PluginKey } from "@tiptap/pm/state";
import { Decoration, DecorationSet } from "@tiptap/pm/view";
import * as Y from "yjs";
import { WebsocketProvider } from "y-websocket";
import { IndexeddbPersistence } from "y-indexeddb";
import { historyPanel } from "./history.js";
import { Citation, citations } from "./citations.js";
import { wikiLinks } from "./wiki-links.js";
import { glossaryAutolink } from "./glossary.js";

const authorshipKey = new PluginKey("ruche-authorship");

// Highlights text by author from the server's authorship ranges (UTF-16 offsets per text
// block, the unit of ProseMirror positions); decorations follow later edits until refresh.
const Authorship = Extension.create({
  name: "rucheAuthorship",
  addProseMirrorPlugins() {
    return [
      new Plugin({
        key: authorshipKey,
        state: {
          init: () => DecorationSet.empty,
          apply(tr, set) {
            const next = tr.getMeta(authorshipKey);
            return next !== undefined ? next : set.map(tr.mapping, tr.doc);
          },
        },
        props: { decorations: (state) => authorshipKey.getState(state) },
      }),
    ];
  },
});

function authorshipDecorations(doc, blocks, people) {
  const decorations = [];
  let index = 0;
  doc.descendants((node, pos) => {
    if (!node.isTextblock) return true;
    const block = blocks[index++];
    if (!block) return false;
    const starts = [];
    let offset = 0;
    node.forEach((child, childOffset) => {
      if (child.isText) {
        starts.push([offset, pos + 1 + childOffset, child.text.length]);
        offset += child.text.length;
      }
    });
    for (const range of block.ranges) {
      const person = people.get(range.author);
      if (!person) continue;
      for (const [textStart, docPos, length] of starts) {
        const from = Math.max(range.start, textStart);
        const to = Math.min(range.end, textStart + length);
        if (from < to) {
          decorations.push(
            Decoration.inline(docPos + from - textStart, docPos + to - textStart, {
              class: "pad-author",
              style: `--author: ${person.colour}`,
              title: person.name,
              "data-author": String(person.id ?? ""),
            }),
          );
        }
      }
    }
    return false;
  });
  return DecorationSet.create(doc, decorations);
}

function readConfig(root) {
  const i18nNode = document.getElementById("pad-i18n");
  return {
    padId: root.dataset.padId,
    wsPath: root.dataset.wsPath,
    api: root.dataset.api,
    readonly: root.dataset.readonly === "true",
    user: { name: root.dataset.userName, color: root.dataset.userColour },
    csrf: root.dataset.csrf,
    t: i18nNode ? JSON.parse(i18nNode.textContent) : {},
  };
}

function connect(config, ydoc) {
  const scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
  const base = config.wsPath.slice(0, config.wsPath.lastIndexOf("/"));
  const room = config.wsPath.slice(config.wsPath.lastIndexOf("/") + 1);
  const provider = new WebsocketProvider(`${scheme}//${window.location.host}${base}`, room, ydoc, {
    maxBackoffTime: 5000,
  });
  const offline = new IndexeddbPersistence(`ruche-pad-${config.padId}`, ydoc);
  return { provider, offline };
}

function makeEditor(root, config, ydoc, provider) {
  return new Editor({
    element: root.querySelector(".pad-editor__surface"),
    editable: !config.readonly,
    injectCSS: false,
    extensions: [
      StarterKit.configure({
        undoRedo: false,
        // two editors appending a trailing paragraph at once would make two: imports end
        // with a paragraph instead (ruche.pads.imports)
        trailingNode: false,
        link: { openOnClick: false, autolink: true, protocols: ["http", "https", "mailto"] },
      }),
      TableKit.configure({ table: { resizable: false } }),
      Collaboration.configure({ document: ydoc, field: "default" }),
      CollaborationCaret.configure({ provider, user: config.user }),
      Authorship,
      Citation,
    ],
    editorProps: {
      attributes: {
        class: "pad-editor__content",
        role: "textbox",
        "aria-multiline": "true",
        "aria-label": config.t.editorLabel || "Pad text",
      },
    },
  });
}

const COMMANDS = {
  bold: (c) => c.toggleBold(),
  italic: (c) => c.toggleItalic(),
  strike: (c) => c.toggleStrike(),
  h2: (c) => c.toggleHeading({ level: 2 }),
  h3: (c) => c.toggleHeading({ level: 3 }),
  bulletList: (c) => c.toggleBulletList(),
  orderedList: (c) => c.toggleOrderedList(),
  blockquote: (c) => c.toggleBlockquote(),
  table: (c) => c.insertTable({ rows: 3, cols: 3, withHeaderRow: true }),
  undo: (c) => c.undo(),
  redo: (c) => c.redo(),
};
const ACTIVE = {
  bold: ["bold"],
  italic: ["italic"],
  strike: ["strike"],
  h2: ["heading", { level: 2 }],
  h3: ["heading", { level: 3 }],
  bulletList: ["bulletList"],
  orderedList: ["orderedList"],
  blockquote: ["blockquote"],
  link: ["link"],
};

function bindToolbar(root, editor, config) {
  const buttons = root.querySelectorAll("[data-command]");
  for (const button of buttons) {
    button.addEventListener("click", () => {
      const name = button.dataset.command;
      if (name === "link") return toggleLink(editor, config);
      COMMANDS[name]?.(editor.chain().focus()).run();
    });
  }
  const refresh = () => {
    for (const button of buttons) {
      const active = ACTIVE[button.dataset.command];
      if (active) button.setAttribute("aria-pressed", String(editor.isActive(...active)));
    }
  };
  editor.on("selectionUpdate", refresh);
  editor.on("transaction", refresh);
}

function toggleLink(editor, config) {
  if (editor.isActive("link")) {
    editor.chain().focus().unsetLink().run();
    return;
  }
  const href = window.prompt(config.t.linkPrompt || "Link address", "https://");
  if (href && /^(https?:|mailto:)/i.test(href.trim())) {
    editor.chain().focus().extendMarkRange("link").setLink({ href: href.trim() }).run();
  }
}

function bindStatus(root, provider, config) {
  const status = root.querySelector(".pad-status");
  let connected = false;
  const show = () => {
    const state = !connected ? "offline" : provider.synced ? "connected" : "syncing";
    status.dataset.state = state;
    status.textContent = config.t[state] || state;
  };
  provider.on("status", (event) => {
    connected = event.status === "connected";
    show();
  });
  provider.on("sync", show);
  window.addEventListener("offline", () => {
    connected = false;
    show();
  });
  show();
}

function bindPresence(root, provider, config) {
  const list = root.querySelector(".pad-presence");
  const render = () => {
    list.replaceChildren();
    for (const [clientId, state] of provider.awareness.getStates()) {
      if (!state.user) continue;
      const item = document.createElement("li");
      item.className = "pad-presence__person";
      const dot = document.createElement("span");
      dot.className = "pad-presence__dot";
      dot.style.backgroundColor = state.user.color;
      item.append(dot, document.createTextNode(state.user.name));
      if (clientId === provider.awareness.clientID) {
        const me = document.createElement("span");
        me.className = "muted small";
        me.textContent = ` (${config.t.you || "you"})`;
        item.append(me);
      }
      list.append(item);
    }
  };
  provider.awareness.on("change", render);
  render();
}

function bindAuthorship(root, editor, ydoc, config) {
  const toggle = root.querySelector("[data-authorship-toggle]");
  const legend = root.querySelector(".pad-authors");
  let on = false;
  let timer = null;
  const load = async () => {
    const response = await fetch(`${config.api}/authorship`, { credentials: "same-origin" });
    if (!response.ok || !on) return;
    const body = await response.json();
    const people = new Map(body.authors.map((a) => [a.id, a]));
    const set = authorshipDecorations(editor.state.doc, body.blocks, people);
    editor.view.dispatch(editor.state.tr.setMeta(authorshipKey, set));
    renderLegend(legend, body.authors, config);
  };
  toggle.addEventListener("click", () => {
    on = !on;
    toggle.setAttribute("aria-pressed", String(on));
    root.classList.toggle("pad-editor--authors", on);
    legend.hidden = !on;
    if (on) load();
    else editor.view.dispatch(editor.state.tr.setMeta(authorshipKey, DecorationSet.empty));
  });
  ydoc.on("update", () => {
    if (!on) return;
    clearTimeout(timer);
    timer = setTimeout(load, 1500);
  });
}

function renderLegend(legend, authors, config) {
  legend.replaceChildren();
  for (const author of authors) {
    const item = document.createElement("li");
    const swatch = document.createElement("span");
    swatch.className = "pad-authors__swatch";
    swatch.style.backgroundColor = author.colour;
    const count = document.createElement("span");
    count.className = "muted small";
    count.textContent = ` ${author.characters} ${config.t.characters || "characters"}`;
    item.append(swatch, document.createTextNode(author.name), count);
    legend.append(item);
  }
}

function start() {
  const root = document.getElementById("pad-editor");
  if (!root) return;
  const config = readConfig(root);
  const ydoc = new Y.Doc();
  const { provider } = connect(config, ydoc);
  const editor = makeEditor(root, config, ydoc, provider);
  bindToolbar(root, editor, config);
  bindStatus(root, provider, config);
  bindPresence(root, provider, config);
  bindAuthorship(root, editor, ydoc, config);
  historyPanel(document.getElementById("pad-history"), config);
  citations(root, editor, config);
  wikiLinks(root, editor, ydoc);
  glossaryAutolink(root, editor);
  window.rucheEditor = { editor, provider, ydoc }; // for tests and the curious
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
