// A y-websocket table client driven by JSON lines on stdin, reporting JSON lines on stdout.
// Unmodified yjs + y-websocket, with `ws` as the WebSocket implementation.
//   node tests/tables/js/table-client.mjs <ws base, e.g. ws://host/ws/tables> <uuid> <token>
// Commands: {"cmd":"set","row":"…","column":"…","value":…} {"cmd":"state"}
//           {"cmd":"offline"} {"cmd":"online"} {"cmd":"exit"}
import readline from 'node:readline'
import WebSocket from 'ws'
import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'

const [base, room, token] = process.argv.slice(2)
const doc = new Y.Doc()
const rows = doc.getMap('rows')
const say = (event) => process.stdout.write(JSON.stringify(event) + '\n')

const provider = new WebsocketProvider(base, room, doc, {
  WebSocketPolyfill: WebSocket,
  params: { token },
  maxBackoffTime: 300,
  disableBc: true
})
provider.on('sync', (synced) => { if (synced) say({ event: 'synced' }) })

const handlers = {
  set: (c) => rows.get(c.row).set(c.column, c.value),
  state: () => say({ event: 'state', rows: rows.toJSON(), clientID: doc.clientID }),
  offline: () => provider.disconnect(),
  online: () => provider.connect(),
  exit: () => { provider.destroy(); process.exit(0) }
}

readline.createInterface({ input: process.stdin }).on('line', (line) => {
  if (!line.trim()) return
  const command = JSON.parse(line)
  handlers[command.cmd](command)
  if (command.cmd !== 'state') say({ event: 'done', cmd: command.cmd })
})
