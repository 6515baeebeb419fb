// Hocuspocus 4 with its SQLite store, as a reference server for the pads benchmark.
//   node servers/hocuspocus.mjs <port> <sqlite file>
import { Server } from '@hocuspocus/server'
import { SQLite } from '@hocuspocus/extension-sqlite'

const [port, database] = process.argv.slice(2)
const server = new Server({
  port: Number(port),
  address: '127.0.0.1',
  quiet: true,
  extensions: [new SQLite({ database })]
})
await server.listen()
console.log(`hocuspocus on ${port}, sqlite ${database}`)
