// A minimal, cheap y-websocket protocol client shared by every scenario and every server.
//
// It speaks the y-websocket framing (Ruche, y-websocket 1.5 reference server) or the
// Hocuspocus framing (the same messages, each prefixed with the document name, after an
// Auth message). It keeps no Y.Doc of its own: received updates are handed to a callback,
// so observers cost the harness as little CPU as possible while the server is measured.
import WebSocket from 'ws'
import * as encoding from 'lib0/encoding'
import * as decoding from 'lib0/decoding'

const MSG_SYNC = 0
const MSG_AWARENESS = 1
const MSG_AUTH = 2
const SYNC_STEP1 = 0
const SYNC_STEP2 = 1
const SYNC_UPDATE = 2
const EMPTY_STATE_VECTOR = new Uint8Array([0])
const EMPTY_UPDATE = new Uint8Array([0, 0])

/** Frame builder for one framing: `yws` (plain y-websocket) or `hocuspocus`. */
export function framer (framing, docName) {
  const start = (encoder) => {
    if (framing === 'hocuspocus') encoding.writeVarString(encoder, docName)
  }
  return {
    sync (syncType, payload) {
      const encoder = encoding.createEncoder()
      start(encoder)
      encoding.writeVarUint(encoder, MSG_SYNC)
      encoding.writeVarUint(encoder, syncType)
      encoding.writeVarUint8Array(encoder, payload)
      return encoding.toUint8Array(encoder)
    },
    update (payload) {
      return this.sync(SYNC_UPDATE, payload)
    },
    auth (token) {
      const encoder = encoding.createEncoder()
      start(encoder)
      encoding.writeVarUint(encoder, MSG_AUTH)
      encoding.writeVarUint(encoder, 0) // AuthMessageType.Token
      encoding.writeVarString(encoder, token)
      return encoding.toUint8Array(encoder)
    }
  }
}

/** Where a client connects: `urlTemplate` holds `{doc}` (and the token, if any). */
export function docUrl (target, docName) {
  return target.urlTemplate.replace('{doc}', encodeURIComponent(docName))
}

export class YClient {
  /**
   * @param {object} o
   * @param {{framing: string, urlTemplate: string}} o.target
   * @param {string} o.doc document name (pad id for Ruche)
   * @param {(update: Uint8Array, isSyncStep2: boolean) => void} [o.onUpdate]
   * @param {() => Uint8Array} [o.stateVector] our state vector for sync step 1
   * @param {(sv: Uint8Array) => Uint8Array} [o.diff] our update for the server's step 1
   */
  constructor ({ target, doc, onUpdate, stateVector, diff }) {
    this.target = target
    this.doc = doc
    this.frames = framer(target.framing, doc)
    this.onUpdate = onUpdate || (() => {})
    this.stateVector = stateVector || (() => EMPTY_STATE_VECTOR)
    this.diff = diff || (() => EMPTY_UPDATE)
    this.synced = false
    this.ws = null
  }

  /** Open the socket and resolve once the server's sync step 2 has arrived. */
  connect (timeoutMs = 30000) {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(docUrl(this.target, this.doc), { perMessageDeflate: false })
      ws.binaryType = 'nodebuffer'
      this.ws = ws
      const timer = setTimeout(() => {
        reject(new Error(`sync timeout after ${timeoutMs} ms (${this.doc})`))
        ws.terminate()
      }, timeoutMs)
      this._resolveSynced = () => { clearTimeout(timer); resolve(this) }
      ws.on('open', () => {
        if (this.target.framing === 'hocuspocus') ws.send(this.frames.auth(''))
        ws.send(this.frames.sync(SYNC_STEP1, this.stateVector()))
      })
      ws.on('message', (data) => this._receive(data))
      ws.on('error', (err) => { clearTimeout(timer); if (!this.synced) reject(err) })
      ws.on('close', (code, reason) => {
        clearTimeout(timer)
        if (!this.synced) reject(new Error(`closed before sync: ${code} ${reason}`))
      })
    })
  }

  _receive (data) {
    const decoder = decoding.createDecoder(data)
    if (this.target.framing === 'hocuspocus') decoding.readVarString(decoder)
    const type = decoding.readVarUint(decoder)
    if (type !== MSG_SYNC) return // awareness, auth replies, sync status: not measured
    const syncType = decoding.readVarUint(decoder)
    const payload = decoding.readVarUint8Array(decoder)
    if (syncType === SYNC_STEP1) {
      this.send(this.frames.sync(SYNC_STEP2, this.diff(payload)))
    } else if (syncType === SYNC_STEP2) {
      this.onUpdate(payload, true)
      if (!this.synced) { this.synced = true; this._resolveSynced() }
    } else if (syncType === SYNC_UPDATE) {
      this.onUpdate(payload, false)
    }
  }

  send (frame) {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(frame)
  }

  close () {
    if (this.ws) this.ws.close()
  }
}

export { MSG_AWARENESS }

/** Connect many clients with bounded concurrency; returns them in order. */
export async function connectAll (makeClient, count, concurrency = 50) {
  const clients = new Array(count)
  let next = 0
  const worker = async () => {
    while (next < count) {
      const i = next++
      const client = makeClient(i)
      await client.connect()
      clients[i] = client
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker))
  return clients
}
