// The client harness: one Node process drives every scenario against any of the servers.
//
//   node harness.mjs <scenario> '<json options>'
//
// scenario: trace | cold | authors | memory. Options always hold `target`
// ({framing: "yws"|"hocuspocus", urlTemplate: "ws://…/{doc}…"}) and the documents to use.
// The result is printed as one JSON line on stdout; progress goes to stderr.
import fs from 'node:fs'
import zlib from 'node:zlib'
import { performance } from 'node:perf_hooks'
import * as Y from 'yjs'
import { YClient, connectAll, framer } from './client.mjs'
import { readUpdate, percentile } from './updates.mjs'

const WRITER_ID = 424242
const AUTHOR_BASE = 100000
const log = (...args) => console.error('  [harness]', ...args)
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))
const round = (x, digits = 2) => (x == null ? null : Number(x.toFixed(digits)))

// ---------- editing traces ----------

/** A trace file (josephg's format, optionally gzipped), or a synthetic one when absent. */
export function loadTrace (path, syntheticEdits = 60000) {
  if (path && fs.existsSync(path)) {
    let raw = fs.readFileSync(path)
    if (path.endsWith('.gz')) raw = zlib.gunzipSync(raw)
    const trace = JSON.parse(raw.toString('utf8'))
    return { name: path.split('/').pop(), synthetic: false, ...trace }
  }
  return syntheticTrace(syntheticEdits)
}

/** Typing with a wandering cursor, some backspaces and some pasted words; deterministic. */
function syntheticTrace (edits) {
  let seed = 12345
  const random = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648 }
  const letters = 'abcdefghijklmnopqrstuvwxyz     \n'
  let content = ''
  let cursor = 0
  const txns = []
  for (let i = 0; i < edits; i++) {
    const roll = random()
    if (roll < 0.02) cursor = Math.floor(random() * (content.length + 1))
    let patch
    if (roll > 0.85 && cursor > 0) {
      patch = [cursor - 1, 1, '']
      cursor -= 1
    } else {
      const text = roll < 0.05 ? 'pasted words ' : letters[Math.floor(random() * letters.length)]
      patch = [cursor, 0, text]
      cursor += text.length
    }
    content = content.slice(0, patch[0]) + patch[2] + content.slice(patch[0] + patch[1])
    txns.push({ patches: [patch] })
  }
  return { name: `synthetic-${edits}`, synthetic: true, startContent: '', endContent: content, txns }
}

const isAscii = (s) => /^[\x00-\x7f]*$/.test(s)

/** Replays a trace into a Y.Text, one transaction per trace txn; returns the updates. */
function recordTraceUpdates (trace, frames) {
  const doc = new Y.Doc()
  doc.clientID = WRITER_ID
  const text = doc.getText('text')
  let last = null
  doc.on('update', (update) => { last = update })
  if (trace.startContent) text.insert(0, trace.startContent)
  const initial = last
  // Positions are in code points; they equal UTF-16 indexes only for BMP text.
  const ascii = isAscii(trace.endContent) && trace.txns.every((t) => t.patches.every((p) => isAscii(p[2])))
  const toIndex = (pos) => (ascii ? pos : [...text.toString()].slice(0, pos).join('').length)
  const sends = []
  for (const txn of trace.txns) {
    last = null
    doc.transact(() => {
      for (const [pos, deleted, inserted] of txn.patches) {
        const at = toIndex(pos)
        if (deleted > 0) text.delete(at, toIndex(pos + deleted) - at)
        if (inserted) text.insert(at, inserted)
      }
    })
    if (!last) continue
    let insEnd = -1
    let delMin = -1
    readUpdate(last, (client, start, end) => { if (client === WRITER_ID) insEnd = end }, (client, clock) => {
      if (client === WRITER_ID && (delMin < 0 || clock < delMin)) delMin = clock
    })
    sends.push({ frame: frames.update(last), insEnd, delMin })
  }
  if (text.toString() !== trace.endContent) throw new Error('the trace does not replay to its endContent')
  return { initial, sends }
}

// ---------- scenario 1: one writer, N observers ----------

async function scenarioTrace (opts) {
  const trace = loadTrace(opts.trace, opts.syntheticEdits)
  const limit = opts.edits ? Math.min(opts.edits, trace.txns.length) : trace.txns.length
  if (limit < trace.txns.length) {
    const cut = { ...trace, txns: trace.txns.slice(0, limit) }
    const replay = new Y.Doc()
    const t = replay.getText('text')
    t.insert(0, trace.startContent || '')
    for (const txn of cut.txns) for (const [p, d, i] of txn.patches) { if (d) t.delete(p, d); if (i) t.insert(p, i) }
    cut.endContent = t.toString()
    Object.assign(trace, cut)
  }
  const { target, doc: docName } = opts
  const window = opts.window || 100
  const observersCount = opts.observers || 10
  const frames = framer(target.framing, docName)
  const tPrep = performance.now()
  const { initial, sends } = recordTraceUpdates(trace, frames)
  log(`prepared the writer's updates in ${((performance.now() - tPrep) / 1000).toFixed(1)} s`)
  const n = sends.length
  log(`trace ${trace.name}: ${trace.txns.length} edits -> ${n} updates, ${observersCount} observers, window ${window}`)

  // Index of each update by what identifies it in a relayed frame.
  const insEnds = []
  const insIdx = []
  const delIdx = new Map()
  sends.forEach((s, i) => {
    if (s.insEnd >= 0) { insEnds.push(s.insEnd); insIdx.push(i) } else if (s.delMin >= 0) delIdx.set(s.delMin, i)
  })
  const lastInsertAtOrBelow = (clock) => {
    let lo = 0; let hi = insEnds.length - 1; let found = -1
    while (lo <= hi) {
      const mid = (lo + hi) >> 1
      if (insEnds[mid] <= clock) { found = insIdx[mid]; lo = mid + 1 } else hi = mid - 1
    }
    return found
  }

  const sentAt = new Float64Array(n)
  let sent = 0
  let finished = null
  const observers = []
  const tenths = []
  const pump = () => {
    let floor = n
    for (const o of observers) if (o.delivered < floor) floor = o.delivered
    while (tenths.length < 10 && floor >= Math.ceil(((tenths.length + 1) * n) / 10)) tenths.push(performance.now())
    while (sent < n && sent - floor < window) {
      sentAt[sent] = performance.now()
      writer.send(sends[sent].frame)
      sent++
    }
    if (floor === n && finished) finished()
  }
  const makeObserver = () => {
    const o = { delivered: 0, received: [], latency: new Float64Array(n) }
    o.client = new YClient({
      target,
      doc: docName,
      onUpdate: (update, isStep2) => {
        o.received.push(update)
        if (isStep2 || sent === 0) return
        let last = -1
        readUpdate(update, (client, start, end) => {
          if (client === WRITER_ID) last = Math.max(last, lastInsertAtOrBelow(end))
        }, (client, clock, len) => {
          if (client !== WRITER_ID) return
          // A server that merges updates merges adjacent deletions into one range.
          for (let c = clock; c < clock + len; c++) {
            const i = delIdx.get(c)
            if (i !== undefined && i > last) last = i
          }
        })
        if (last < o.delivered) return
        const now = performance.now()
        for (let k = o.delivered; k <= last; k++) o.latency[k] = now - sentAt[k]
        o.delivered = last + 1
        pump()
      }
    })
    return o
  }
  const writerDoc = new Y.Doc()
  writerDoc.clientID = WRITER_ID + 1 // only used to answer the server's step 1 before replay
  const writer = new YClient({ target, doc: docName })
  await writer.connect()
  if (initial) writer.send(frames.update(initial))
  for (let i = 0; i < observersCount; i++) observers.push(makeObserver())
  await Promise.all(observers.map((o) => o.client.connect()))
  await sleep(300)

  const cpu0 = process.cpuUsage()
  const serverCpu0 = cpuTicks(opts.serverPids || [])
  const t0 = performance.now()
  let lastProgress = { at: t0, floor: 0 }
  const done = new Promise((resolve, reject) => {
    finished = resolve
    const watchdog = setInterval(() => {
      const floor = Math.min(...observers.map((o) => o.delivered))
      const now = performance.now()
      if (floor !== lastProgress.floor) lastProgress = { at: now, floor }
      if (floor === n) { clearInterval(watchdog); resolve() }
      if (now - lastProgress.at > (opts.stallSeconds || 30) * 1000) {
        clearInterval(watchdog)
        reject(new Error(`stalled: ${floor}/${n} updates delivered to every observer, ${sent} sent`))
      }
    }, 500)
  })
  pump()
  let error = null
  try { await done } catch (err) { error = err.message }
  const seconds = (performance.now() - t0) / 1000
  const cpu = process.cpuUsage(cpu0)
  const serverCpuPercent = ((cpuTicks(opts.serverPids || []) - serverCpu0) / 100 / seconds) * 100
  log(`replayed in ${seconds.toFixed(1)} s${error ? ' — ' + error : ''}`)

  const all = new Float64Array(n * observersCount)
  let filled = 0
  for (const o of observers) { all.set(o.latency.subarray(0, o.delivered), filled); filled += o.delivered }
  const lat = all.subarray(0, filled).sort()

  // Every observer's final text must be the trace's endContent.
  const verify = observers.map((o) => {
    const doc = new Y.Doc()
    doc.transact(() => { for (const u of o.received) Y.applyUpdate(doc, u) })
    return { ok: doc.getText('text').toString() === trace.endContent, doc }
  })
  log(`verified ${verify.length} observers in ${((performance.now() - t0) / 1000 - seconds).toFixed(1)} s`)
  const compacted = verify.length ? Y.encodeStateAsUpdate(verify[0].doc).length : null
  writer.close()
  observers.forEach((o) => o.client.close())
  await sleep(200)
  return {
    trace: trace.name,
    synthetic: trace.synthetic,
    edits: trace.txns.length,
    updates: n,
    observers: observersCount,
    window,
    seconds: round(seconds, 3),
    updatesPerSecond: error ? null : round(n / seconds, 0),
    // Throughput over each tenth of the trace: does the server slow down as the document grows?
    updatesPerSecondByTenth: tenths.map((t, i) => round(n / 10 / ((t - (i ? tenths[i - 1] : t0)) / 1000), 0)),
    latencyMs: { p50: round(percentile(lat, 50)), p99: round(percentile(lat, 99)), max: round(lat[lat.length - 1]) },
    harnessCpuPercent: round(((cpu.user + cpu.system) / 1e6 / seconds) * 100, 0),
    serverCpuPercent: opts.serverPids ? round(serverCpuPercent, 0) : null,
    verified: verify.every((v) => v.ok),
    observersMatching: verify.filter((v) => v.ok).length,
    endContentChars: trace.endContent.length,
    compactedBytes: compacted,
    error
  }
}

// ---------- cold load ----------

async function scenarioCold (opts) {
  const expected = opts.expectChars == null ? loadTrace(opts.trace, opts.syntheticEdits).endContent : null
  let payload = null
  const client = new YClient({ target: opts.target, doc: opts.doc, onUpdate: (u, step2) => { if (step2 && !payload) payload = u } })
  const t0 = performance.now()
  await client.connect(60000)
  const ms = performance.now() - t0
  const doc = new Y.Doc()
  Y.applyUpdate(doc, payload)
  const text = doc.getText('text').toString()
  client.close()
  await sleep(100)
  return {
    coldLoadMs: round(ms),
    bytes: payload.length,
    chars: text.length,
    matchesTrace: expected == null ? text.length === opts.expectChars : text === expected
  }
}

// ---------- scenario 2: many authors typing in one pad ----------

function cpuTicks (pids) {
  let total = 0
  for (const pid of pids) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      total += Number(fields[11]) + Number(fields[12])
    } catch { /* gone */ }
  }
  return total
}

async function authorsStep (opts, authors, docName) {
  const { target } = opts
  const rate = opts.editsPerSecond || 5
  const duration = (opts.seconds || 8) * 1000
  const warmup = 1000
  const maxEdits = Math.ceil(((duration + warmup) / 1000) * rate) + 10
  const sentAt = Array.from({ length: authors }, () => new Float64Array(maxEdits))
  const measured = Array.from({ length: authors }, () => new Uint8Array(maxEdits))
  const samples = []
  let measuring = false
  const receive = (self) => (update, isStep2) => {
    if (isStep2) return
    const now = performance.now()
    readUpdate(update, (client, start, end) => {
      const a = client - AUTHOR_BASE
      if (a === self || a < 0 || a >= authors) return
      for (let c = start; c < end; c++) if (measured[a][c]) samples.push(now - sentAt[a][c])
    }, () => {})
  }
  const authorDocs = Array.from({ length: authors }, (_, i) => {
    const doc = new Y.Doc()
    doc.clientID = AUTHOR_BASE + i
    return doc
  })
  const tConnect = performance.now()
  const clients = await connectAll((i) => {
    if (i < authors) {
      const doc = authorDocs[i]
      return new YClient({ target, doc: docName, onUpdate: receive(i), stateVector: () => Y.encodeStateVector(doc), diff: (sv) => Y.encodeStateAsUpdate(doc, sv) })
    }
    return new YClient({ target, doc: docName, onUpdate: receive(-1) })
  }, authors * 2)
  const frames = framer(target.framing, docName)
  let edits = 0
  let measuredEdits = 0
  const timers = []
  const t0 = performance.now()
  const pids = opts.serverPids || []
  let cpuServer0 = 0; let cpuHarness0 = null; let tm0 = 0
  for (let i = 0; i < authors; i++) {
    const doc = authorDocs[i]
    const text = doc.getText('text')
    let update = null
    doc.on('update', (u) => { update = u })
    const type = () => {
      const clock = Y.getState(doc.store, doc.clientID)
      text.insert(text.length, 'abcdefghij'[clock % 10])
      sentAt[i][clock] = performance.now()
      if (measuring) { measured[i][clock] = 1; measuredEdits++ }
      clients[i].send(frames.update(update))
      edits++
    }
    const phase = Math.random() * (1000 / rate)
    timers.push(setTimeout(() => { type(); timers.push(setInterval(type, 1000 / rate)) }, phase))
  }
  await sleep(warmup)
  measuring = true
  cpuServer0 = cpuTicks(pids); cpuHarness0 = process.cpuUsage(); tm0 = performance.now()
  await sleep(duration)
  measuring = false
  const seconds = (performance.now() - tm0) / 1000
  const serverCpu = ((cpuTicks(pids) - cpuServer0) / 100 / seconds) * 100
  const harness = process.cpuUsage(cpuHarness0)
  timers.forEach((t) => { clearTimeout(t); clearInterval(t) })
  const expected = measuredEdits * (authors * 2 - 1)
  // Drain: what has not arrived 3 s after typing stopped counts as lost (infinite latency).
  const drainUntil = performance.now() + 3000
  while (samples.length < expected && performance.now() < drainUntil) await sleep(100)
  const got = samples.length
  clients.forEach((c) => c.close())
  const lat = Float64Array.from(samples).sort()
  const missing = Math.max(0, expected - got)
  const full = new Float64Array(got + missing).fill(Infinity)
  full.set(lat)
  const pct = (p) => { const v = percentile(full, p); return v === Infinity ? 'lost' : round(v) }
  await sleep(500)
  return {
    authors,
    readers: authors,
    editsPerSecond: rate,
    measuredSeconds: round(seconds, 1),
    edits: measuredEdits,
    deliveries: got,
    expected,
    p50: pct(50),
    p95: pct(95),
    p99: pct(99),
    serverCpuPercent: round(serverCpu, 0),
    harnessCpuPercent: round(((harness.user + harness.system) / 1e6 / seconds) * 100, 0),
    connectSeconds: round((t0 - tConnect) / 1000, 1)
  }
}

async function scenarioAuthors (opts) {
  const steps = []
  const counts = opts.authors || [10, 25, 50, 100, 200]
  for (let i = 0; i < counts.length; i++) {
    const authors = counts[i]
    const doc = opts.docs[i]
    let step
    try {
      step = await authorsStep(opts, authors, doc)
    } catch (err) {
      step = { authors, error: err.message }
    }
    log(`authors ${authors}: ${JSON.stringify(step)}`)
    steps.push(step)
    const p95 = typeof step.p95 === 'number' ? step.p95 : Infinity
    if (p95 > (opts.giveUpMs || 2000) && i + 1 < counts.length) {
      for (const rest of counts.slice(i + 1)) steps.push({ authors: rest, skipped: `p95 already above ${opts.giveUpMs || 2000} ms` })
      break
    }
  }
  const knee = steps.find((s) => s.error || s.skipped || typeof s.p95 !== 'number' || s.p95 > 250)
  return { steps, kneeAuthors: knee ? knee.authors : null, kneeBeyond: knee ? null : counts[counts.length - 1] }
}

// ---------- scenario 3: memory per pad and per connection ----------

function rssBytes (pids) {
  let total = 0
  for (const pid of pids) {
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))
      if (m) total += Number(m[1]) * 1024
    } catch { /* gone */ }
  }
  return total
}

async function scenarioMemory (opts) {
  const { target, docs } = opts
  const pids = opts.serverPids
  const settle = (opts.settleSeconds || 4) * 1000
  const pads = docs.length
  await sleep(500)
  const rss0 = rssBytes(pids)
  const t0 = performance.now()
  const firsts = await connectAll((i) => {
    const doc = new Y.Doc()
    return Object.assign(new YClient({ target, doc: docs[i], stateVector: () => Y.encodeStateVector(doc), diff: (sv) => Y.encodeStateAsUpdate(doc, sv) }), { ydoc: doc })
  }, pads, 50)
  const frames = new Map()
  for (const c of firsts) {
    // A short paragraph per pad, so each open pad holds a real document.
    let update = null
    c.ydoc.on('update', (u) => { update = u })
    c.ydoc.getText('text').insert(0, 'Compte rendu de la séance : objectifs, activités, retours des stagiaires.')
    if (!frames.has(c.doc)) frames.set(c.doc, framer(target.framing, c.doc))
    c.send(frames.get(c.doc).update(update))
  }
  const connect1 = (performance.now() - t0) / 1000
  await sleep(settle)
  const rss1 = rssBytes(pids)
  const t1 = performance.now()
  const others = await connectAll((i) => new YClient({ target, doc: docs[i % pads] }), pads * 2, 50)
  const connect2 = (performance.now() - t1) / 1000
  await sleep(settle)
  const rss2 = rssBytes(pids)
  const perConnection = (rss2 - rss1) / (pads * 2)
  const perPad = (rss1 - rss0) / pads - perConnection
  firsts.concat(others).forEach((c) => c.close())
  await sleep(500)
  const mib = (b) => round(b / 1048576, 1)
  return {
    pads,
    clientsPerPad: 3,
    rssBeforeMiB: mib(rss0),
    rssOnePerPadMiB: mib(rss1),
    rssThreePerPadMiB: mib(rss2),
    perPadKiB: round(perPad / 1024, 1),
    perConnectionKiB: round(perConnection / 1024, 1),
    connectSeconds: round(connect1 + connect2, 1)
  }
}

const scenarios = { trace: scenarioTrace, cold: scenarioCold, authors: scenarioAuthors, memory: scenarioMemory }

if (import.meta.url === `file://${process.argv[1]}`) {
  const [name, json] = process.argv.slice(2)
  const run = scenarios[name]
  if (!run) {
    console.error(`usage: node harness.mjs ${Object.keys(scenarios).join('|')} '<json options>'`)
    process.exit(2)
  }
  run(JSON.parse(json || '{}')).then((result) => {
    process.stdout.write(JSON.stringify(result) + '\n')
    process.exit(0)
  }, (err) => {
    process.stdout.write(JSON.stringify({ error: err.stack || String(err) }) + '\n')
    process.exit(1)
  })
}
