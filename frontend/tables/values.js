// Pure helpers of the grid: position keys, tab-separated clipboard text, typed values.
const DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

// A key sorting strictly between `low` ("" = start) and `high` (null = end); keys never end
// in the smallest digit, so there is always room below. Same rule as ruche/tables/document.py.
export function between(low, high) {
  if (high !== null) {
    let common = 0;
    while ((low[common] ?? "0") === high[common]) common += 1;
    if (common > 0) return high.slice(0, common) + between(low.slice(common), high.slice(common));
  }
  const a = low ? DIGITS.indexOf(low[0]) : 0;
  const b = high !== null ? DIGITS.indexOf(high[0]) : DIGITS.length;
  if (b - a > 1) return DIGITS[Math.floor((a + b + 1) / 2)];
  if (high !== null && high.length > 1) return high.slice(0, 1);
  return DIGITS[a] + between(low.slice(1), null);
}

// Spreadsheet applications quote cells holding tabs, newlines or quotes.
export function parseTsv(text) {
  const rows = [];
  let row = [];
  let cell = "";
  let quoted = false;
  const source = text.replace(/\r\n?/g, "\n").replace(/\n$/, "");
  for (let i = 0; i < source.length; i += 1) {
    const ch = source[i];
    if (quoted) {
      if (ch === '"' && source[i + 1] === '"') { cell += '"'; i += 1; }
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"' && cell === "") quoted = true;
    else if (ch === "\t") { row.push(cell); cell = ""; }
    else if (ch === "\n") { row.push(cell); rows.push(row); row = []; cell = ""; }
    else cell += ch;
  }
  if (source.length) { row.push(cell); rows.push(row); }
  return rows;
}

export function toTsv(rows) {
  const quote = (v) => (/[\t\n"]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
  return rows.map((row) => row.map(quote).join("\t")).join("\r\n");
}

const TRUE_WORDS = new Set(["true", "yes", "oui", "vrai", "y", "1", "✓"]);
const FALSE_WORDS = new Set(["false", "no", "non", "faux", "n", "0"]);

// The value a text (typed or pasted) stands for in a column; text that does not fit is
// kept as text so nothing typed is lost.
export function valueFromText(type, text, people = {}) {
  const raw = String(text ?? "");
  const trimmed = raw.trim();
  if (!trimmed) return null;
  if (type === "number") {
    const normal = trimmed.replace(/[\s\u00a0\u202f]/g, "").replace(/,(\d+)$/, ".$1");
    const n = Number(normal);
    return /^-?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(normal) && Number.isFinite(n) ? n : trimmed;
  }
  if (type === "yes_no") {
    const word = trimmed.toLowerCase();
    return TRUE_WORDS.has(word) ? true : FALSE_WORDS.has(word) ? false : trimmed;
  }
  if (type === "date") {
    if (/^\d{4}-\d{2}-\d{2}$/.test(trimmed)) return trimmed;
    const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(trimmed);
    return m ? `${m[3]}-${m[2].padStart(2, "0")}-${m[1].padStart(2, "0")}` : trimmed;
  }
  if (type === "choices") return trimmed.split(/\s*[;,]\s*/).filter(Boolean);
  if (type === "person") {
    const found = Object.entries(people).find(([, name]) => name === trimmed);
    return found ? found[0] : trimmed;
  }
  return type === "long_text" ? raw : trimmed;
}
