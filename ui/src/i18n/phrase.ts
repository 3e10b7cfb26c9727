// Phrases: what the core and the gateways say to people, as a stable key with arguments (the
// wire shape of crates/core/src/phrase.rs). English comes from the generated catalog; every
// other language translates each key in i18n/<language>/phrases.ts.
//
// The local types below stand in until ui/src/bindings/Phrase.ts and PhraseKey.ts land.
export type PhraseKey = string;
export type PhraseArg = string | Phrase;
export type Phrase = { key: PhraseKey; args: { [key in string]?: PhraseArg }; text: string };

/** Each phrase's English text (generated from the Rust catalogs). */
export const english: Readonly<Record<PhraseKey, string>> = {};
/** Each phrase's argument names (generated). */
export const phraseArgs: Readonly<Record<PhraseKey, readonly string[]>> = {};
