/**
 * @module engine/types
 * The data the flow engine reads (compiled content) and writes (state, replies, effects, events),
 * by concern in engine/types/: content, state, io (input, replies, events), effects. Everything
 * is plain JSON so it can be stored, compared in goldens and sent over the wire.
 */
export type * from './types/content.js'
export type * from './types/state.js'
export type * from './types/io.js'
export type * from './types/effects.js'
