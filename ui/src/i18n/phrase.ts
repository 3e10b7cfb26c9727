// Phrases: what the core and the gateways say to people, as a stable key with arguments
// (crates/core/src/phrase.rs). The types, each key's English and its argument names are
// generated into ui/src/bindings/; every other language translates each key in
// i18n/<language>/phrases.ts, typed `Record<PhraseKey, …>` so that a missing one fails tsc.
export type { Phrase } from '../bindings/Phrase';
export type { PhraseArg } from '../bindings/PhraseArg';
export type { PhraseKey } from '../bindings/PhraseKey';
export { english, phraseArgs } from '../bindings/phrases';
