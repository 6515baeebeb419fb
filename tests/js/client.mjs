// A y-websocket client driven by JSON lines on stdin, reporting JSON lines on stdout.
// Unmodified yjs 13.6 + y-websocket 3.x, with `ws` as the WebSocket implementation.
//   node tests/js/client.mjs <ws base url, e.g. ws://127.0.0.1:8000/ws/pads> <uuid> <token>
// Commands: {"cmd":"text","index":0,"insert":"..."} {"cmd":"text","index":0,"delete":3}
//           {"cmd":"paragraph","text":"..."} {"cmd":"state"} {"cmd":"offline"} {"cmd":"online"}
//           {"cmd":"awareness","state":{...}} {"cmd":"exit"}
import readline from 'node:readline'
import WebSocket from 'ws'
import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'

const [base, room, token] = process.argv.slice(2)
const doc = new Y.Doc()
const text = doc.getText('text')
const fragment = doc.getXmlFragment('default')
const say = (event) => process.stdout.write(JSON.stringify(event) + '\n')

const provider = new WebsocketProvider(base, room, doc, {
  WebSocketPolyfill: WebSocket,
  params: { token },
  maxBackoffTime: 300,
  disableBc: true
})
provider.on('sync', (synced) => { if (synced) say({ event: 'synced' }) })
provider.on('connection-close', (event) => say({ event: 'close', code: event ? event.code : null }))

const state = () => ({
  event: 'state',
  text: text.toString(),
  xml: fragment.toString(),
  synced: provider.synced,
  awareness: [...provider.awareness.getStates().keys()].filter((id) => id !== doc.clientID).length
})

const handlers = {
  text: (c) => {
    if (c.delete) text.delete(c.index, c.delete)
    else text.insert(c.index ?? text.length, c.insert)
  },
  paragraph: (c) => {
    const p = new Y.XmlElement('paragraph')
    p.insert(0, [new Y.XmlText(c.text)])
    fragment.insert(fragment.length, [p])
  },
  burst: (c) => {
    for (let i = 0; i < c.count; i++) text.insert(text.length, c.prefix + i + ';')
  },
  state: () => say(state()),
  offline: () => provider.disconnect(),
  online: () => provider.connect(),
  awareness: (c) => provider.awareness.setLocalState(c.state),
  exit: () => { provider.destroy(); process.exit(0) }
}

readline.createInterface({ input: process.stdin }).on('line', (line) => {
  if (!line.trim()) return
  const command = JSON.parse(line)
  handlers[command.cmd](command)
  if (command.cmd !== 'state') say({ event: 'done', cmd: command.cmd })
})
say({ event: 'started' })
