// The board page: draws the viewer's board as the server sends it over /ws/boards/<id>,
// and writes through the API. The server filters what each viewer sees; nothing here hides.
(function () {
  "use strict";
  const root = document.querySelector("[data-board]");
  if (!root) return;
  const boardId = root.dataset.board;
  const labels = JSON.parse(document.getElementById("board-labels").textContent);
  const $ = (selector) => document.querySelector(selector);
  const status = $("[data-board-status]");
  let board = null;
  let timerTick = null;
  let retry = 1000;

  function csrf() {
    const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  async function api(method, path, body) {
    const response = await fetch("/api/v1" + path, {
      method: method,
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf() },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const data = text ? JSON.parse(text) : null;
    if (!response.ok) {
      status.textContent = (data && data.detail) || response.statusText;
      throw new Error(status.textContent);
    }
    status.textContent = "";
    return data;
  }

  function el(tag, attributes, text) {
    const node = document.createElement(tag);
    Object.entries(attributes || {}).forEach(([key, value]) => node.setAttribute(key, value));
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function button(text, key, onClick) {
    const node = el("button", { type: "button", class: "button button--small", "data-key": key }, text);
    node.addEventListener("click", () => onClick().catch(() => {}));
    return node;
  }

  function cardNode(card) {
    const item = el("li", { class: "board__card" });
    if (card.colour) item.style.backgroundColor = card.colour;
    item.append(el("p", {}, card.text));
    if (card.link) {
      const link = el("a", { href: card.link, rel: "noopener noreferrer", target: "_blank" }, card.link);
      item.append(link);
    }
    const meta = el("div", { class: "board__meta" });
    if (card.author) meta.append(el("span", {}, labels.by + " " + card.author));
    if (card.dots !== null) meta.append(el("span", {}, `${labels.dots}: ${card.dots}`));
    const voting = board.phase === "vote" && board.can_contribute && !board.locked;
    if (voting) {
      meta.append(button("+ " + labels.add_dot, "dot+" + card.id, () => api("POST", `/cards/${card.id}/dots`)));
      if (card.my_dots > 0) {
        meta.append(button("− " + labels.remove_dot, "dot-" + card.id, () => api("DELETE", `/cards/${card.id}/dots`)));
      }
    }
    const writable = board.phase !== "closed" && !board.locked;
    if (writable && (board.can_manage || (card.mine && board.phase === "collect"))) {
      meta.append(button(labels.delete, "del" + card.id, () => api("DELETE", `/cards/${card.id}`)));
    }
    if (writable && board.can_manage && board.clusters.length) meta.append(clusterChoice(card));
    item.append(meta);
    return item;
  }

  function clusterChoice(card) {
    const id = "cluster-of-" + card.id;
    const wrap = el("span");
    wrap.append(el("label", { for: id }, labels.cluster));
    const select = el("select", { id: id, "data-key": id });
    select.append(el("option", { value: "" }, "—"));
    board.clusters.forEach((c) => {
      const option = el("option", { value: c.id }, c.title);
      if (c.id === card.cluster_id) option.selected = true;
      select.append(option);
    });
    select.addEventListener("change", () => {
      const body = select.value ? { cluster_id: select.value } : { unclustered: true };
      api("PATCH", `/cards/${card.id}`, body).catch(() => {});
    });
    wrap.append(select);
    return wrap;
  }

  function column(title, cards) {
    const section = el("section", { class: "board__column" });
    section.append(el("h2", {}, title));
    const list = el("ul", { class: "board__cards" });
    cards.forEach((card) => list.append(cardNode(card)));
    if (!cards.length) section.append(el("p", { class: "muted" }, labels.no_cards));
    section.append(list);
    return section;
  }

  function drawColumns() {
    const area = $("[data-board-columns]");
    const focused = document.activeElement && document.activeElement.dataset.key;
    area.replaceChildren();
    board.clusters.forEach((cluster) => {
      area.append(column(cluster.title, board.cards.filter((c) => c.cluster_id === cluster.id)));
    });
    const loose = board.cards.filter((c) => !c.cluster_id);
    const names = board.layout === "columns" && board.columns.length ? board.columns : [board.title];
    names.forEach((name, index) => {
      const inColumn = loose.filter((c) => c.column === name || (index === 0 && !names.includes(c.column)));
      area.append(column(name, inColumn));
    });
    if (focused) {
      const again = area.querySelector(`[data-key="${CSS.escape(focused)}"]`);
      if (again) again.focus();
    }
  }

  function drawHeader() {
    $("[data-board-phase]").textContent = labels.phases[board.phase] +
      (board.locked ? " · " + labels.locked : "") +
      (board.hidden_cards ? ` · ${labels.hidden}: ${board.hidden_cards}` : "") +
      (board.phase === "vote" ? ` · ${labels.dots_left}: ${board.dots_left}` : "");
    $("[data-board-manage]").hidden = !board.can_manage;
    document.querySelectorAll("[data-phase]").forEach((node) => {
      node.setAttribute("aria-pressed", String(node.dataset.phase === board.phase));
    });
    const adding = board.can_contribute && !board.locked && board.phase !== "closed" &&
      (board.phase === "collect" || board.can_manage);
    const form = $("[data-card-form]");
    form.hidden = !adding;
    const select = $("[data-card-columns]");
    const current = select.value;
    select.replaceChildren(...board.columns.map((name) => el("option", { value: name }, name)));
    if (board.columns.includes(current)) select.value = current;
  }

  function drawTimer() {
    clearInterval(timerTick);
    const out = $("[data-board-timer]");
    if (!board.timer) { out.textContent = ""; return; }
    const ends = Date.parse(board.timer.ends_at);
    const tick = () => {
      const left = Math.max(0, Math.round((ends - Date.now()) / 1000));
      out.textContent = ` · ${Math.floor(left / 60)}:${String(left % 60).padStart(2, "0")} ${labels.remaining}`;
      if (!left) clearInterval(timerTick);
    };
    tick();
    timerTick = setInterval(tick, 1000);
  }

  function draw(next) {
    board = next;
    drawHeader();
    drawColumns();
    drawTimer();
  }

  function drawProposals(proposals) {
    const area = $("[data-board-proposals]");
    area.replaceChildren();
    if (!proposals.length) area.append(el("p", {}, labels.no_proposal));
    proposals.forEach((proposal, index) => {
      const box = el("div", { class: "board__proposal" });
      const id = "proposal-" + index;
      box.append(el("label", { for: id }, labels.cluster));
      const title = el("input", { id: id, value: proposal.title });
      box.append(title);
      const texts = proposal.card_ids.map((cid) => (board.cards.find((c) => c.id === cid) || {}).text);
      box.append(el("p", {}, texts.filter(Boolean).join(" · ")));
      box.append(button(labels.accept, "accept" + index, async () => {
        await api("POST", `/boards/${boardId}/clusters`, { title: title.value, card_ids: proposal.card_ids });
        box.remove();
      }));
      box.append(button(labels.reject, "reject" + index, async () => box.remove()));
      area.append(box);
    });
  }

  function listen() {
    const scheme = location.protocol === "https:" ? "wss://" : "ws://";
    const socket = new WebSocket(`${scheme}${location.host}/ws/boards/${boardId}`);
    socket.addEventListener("open", () => { retry = 1000; status.textContent = ""; });
    socket.addEventListener("message", (event) => {
      const message = JSON.parse(event.data);
      if (message.type === "board") draw(message.board);
      if (message.type === "presence") $("[data-board-presence]").textContent = message.names.join(", ");
    });
    socket.addEventListener("close", (event) => {
      if (event.code === 4403 || event.code === 4404 || event.code === 4401) return;
      status.textContent = labels.reconnecting;
      setTimeout(listen, retry);
      retry = Math.min(retry * 2, 30000);
    });
  }

  $("[data-card-form]").addEventListener("submit", (event) => {
    event.preventDefault();
    const form = event.target;
    const body = { text: form.text.value, column: form.column.value, colour: form.colour.value };
    api("POST", `/boards/${boardId}/cards`, body).then(() => { form.text.value = ""; form.text.focus(); }).catch(() => {});
  });
  document.querySelectorAll("[data-phase]").forEach((node) => node.addEventListener("click", () => {
    api("POST", `/boards/${boardId}/phase`, { phase: node.dataset.phase }).catch(() => {});
  }));
  const actions = {
    reveal: () => api("POST", `/boards/${boardId}/reveal`),
    lock: () => api("PATCH", `/boards/${boardId}`, { locked: !board.locked }),
    suggest: () => api("POST", `/boards/${boardId}/suggest-clusters`).then((d) => drawProposals(d.proposals)),
    pad: () => api("POST", `/boards/${boardId}/pad`).then((pad) => { location.assign(pad.url); }),
    "timer-stop": () => api("POST", `/boards/${boardId}/timer`, { seconds: 0 }),
  };
  document.querySelectorAll("[data-action]").forEach((node) => node.addEventListener("click", () => {
    actions[node.dataset.action]().catch(() => {});
  }));
  $("[data-timer-form]").addEventListener("submit", (event) => {
    event.preventDefault();
    const seconds = Math.round(Number(event.target.minutes.value) * 60);
    api("POST", `/boards/${boardId}/timer`, { seconds: seconds }).catch(() => {});
  });
  listen();
})();
