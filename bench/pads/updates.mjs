// A cheap reader of Yjs v1 updates: which (client, clock) ranges an update inserts and
// which it deletes, without building a document. It is how a receiver tells which of the
// writer's edits a relayed frame carries, even if a server merges several into one.
import * as decoding from 'lib0/decoding'

function skipContent (decoder, ref) {
  switch (ref) {
    case 1: return decoding.readVarUint(decoder) // ContentDeleted
    case 2: { // ContentJSON
      const len = decoding.readVarUint(decoder)
      for (let i = 0; i < len; i++) decoding.readVarString(decoder)
      return len
    }
    case 3: decoding.readVarUint8Array(decoder); return 1 // ContentBinary
    case 4: return decoding.readVarString(decoder).length // ContentString, UTF-16 units
    case 5: decoding.readVarString(decoder); return 1 // ContentEmbed
    case 6: decoding.readVarString(decoder); decoding.readVarString(decoder); return 1 // Format
    case 7: { // ContentType
      const typeRef = decoding.readVarUint(decoder)
      if (typeRef === 3 || typeRef === 5) decoding.readVarString(decoder)
      return 1
    }
    case 8: { // ContentAny
      const len = decoding.readVarUint(decoder)
      for (let i = 0; i < len; i++) decoding.readAny(decoder)
      return len
    }
    case 9: decoding.readVarString(decoder); decoding.readAny(decoder); return 1 // ContentDoc
    default: throw new Error(`unknown content ref ${ref}`)
  }
}

/**
 * Calls onInsert(client, clockStart, clockEnd) for every struct group and
 * onDelete(client, clock, len) for every delete-set range.
 */
export function readUpdate (update, onInsert, onDelete) {
  const decoder = decoding.createDecoder(update)
  const groups = decoding.readVarUint(decoder)
  for (let g = 0; g < groups; g++) {
    const structs = decoding.readVarUint(decoder)
    const client = decoding.readVarUint(decoder)
    const start = decoding.readVarUint(decoder)
    let clock = start
    for (let s = 0; s < structs; s++) {
      const info = decoding.readUint8(decoder)
      const ref = info & 0b11111
      if (ref === 0 || ref === 10) { // GC or Skip
        clock += decoding.readVarUint(decoder)
        continue
      }
      if (info & 0b10000000) { decoding.readVarUint(decoder); decoding.readVarUint(decoder) }
      if (info & 0b01000000) { decoding.readVarUint(decoder); decoding.readVarUint(decoder) }
      if ((info & 0b11000000) === 0) {
        if (decoding.readVarUint(decoder) === 1) decoding.readVarString(decoder)
        else decoding.readVarUint(decoder), decoding.readVarUint(decoder)
        if (info & 0b00100000) decoding.readVarString(decoder)
      }
      clock += skipContent(decoder, ref)
    }
    onInsert(client, start, clock)
  }
  const dsClients = decoding.readVarUint(decoder)
  for (let c = 0; c < dsClients; c++) {
    const client = decoding.readVarUint(decoder)
    const ranges = decoding.readVarUint(decoder)
    for (let r = 0; r < ranges; r++) {
      onDelete(client, decoding.readVarUint(decoder), decoding.readVarUint(decoder))
    }
  }
}

/** The p-th percentile of an ascending array (nearest rank). */
export function percentile (sorted, p) {
  if (sorted.length === 0) return null
  const idx = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
  return sorted[Math.max(0, idx)]
}
