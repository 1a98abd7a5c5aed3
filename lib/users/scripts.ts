// Which writing systems a username's letters come from, and whether that mix is one people read
// as one name: Unicode TS #39's "Highly Restrictive" level (one script, or Latin with the scripts
// Chinese, Japanese and Korean are written in), and one decimal system for its digits.

/**
 * Every script name this runtime's regular expressions know (Unicode 17 in Node 24), probed when
 * first needed: a name the runtime does not know is skipped, and a letter of a script missing here
 * counts as a script of its own, which only makes mixing stricter.
 */
const SCRIPT_NAMES = (
  'Adlam Ahom Anatolian_Hieroglyphs Arabic Armenian Avestan Balinese Bamum Bassa_Vah Batak Bengali Beria_Erfe Bhaiksuki ' +
  'Bopomofo Brahmi Braille Buginese Buhid Canadian_Aboriginal Carian Caucasian_Albanian Chakma Cham Cherokee Chorasmian ' +
  'Coptic Cuneiform Cypriot Cypro_Minoan Cyrillic Deseret Devanagari Dives_Akuru Dogra Duployan Egyptian_Hieroglyphs ' +
  'Elbasan Elymaic Ethiopic Garay Georgian Glagolitic Gothic Grantha Greek Gujarati Gunjala_Gondi Gurmukhi Gurung_Khema ' +
  'Han Hangul Hanifi_Rohingya Hanunoo Hatran Hebrew Hiragana Imperial_Aramaic Inscriptional_Pahlavi ' +
  'Inscriptional_Parthian Javanese Kaithi Kannada Katakana Kawi Kayah_Li Kharoshthi Khitan_Small_Script Khmer Khojki ' +
  'Khudawadi Kirat_Rai Lao Latin Lepcha Limbu Linear_A Linear_B Lisu Lycian Lydian Mahajani Makasar Malayalam Mandaic ' +
  'Manichaean Marchen Masaram_Gondi Medefaidrin Meetei_Mayek Mende_Kikakui Meroitic_Cursive Meroitic_Hieroglyphs Miao ' +
  'Modi Mongolian Mro Multani Myanmar Nabataean Nag_Mundari Nandinagari New_Tai_Lue Newa Nko Nushu ' +
  'Nyiakeng_Puachue_Hmong Ogham Ol_Chiki Ol_Onal Old_Hungarian Old_Italic Old_North_Arabian Old_Permic Old_Persian ' +
  'Old_Sogdian Old_South_Arabian Old_Turkic Old_Uyghur Oriya Osage Osmanya Pahawh_Hmong Palmyrene Pau_Cin_Hau Phags_Pa ' +
  'Phoenician Psalter_Pahlavi Rejang Runic Samaritan Saurashtra Sharada Shavian Siddham Sidetic SignWriting Sinhala ' +
  'Sogdian Sora_Sompeng Soyombo Sundanese Sunuwar Syloti_Nagri Syriac Tagalog Tagbanwa Tai_Le Tai_Tham Tai_Viet Tai_Yo ' +
  'Takri Tamil Tangsa Tangut Telugu Thaana Thai Tibetan Tifinagh Tirhuta Todhri Tolong_Siki Toto Tulu_Tigalari Ugaritic ' +
  'Vai Vithkuqi Wancho Warang_Citi Yezidi Yi Zanabazar_Square'
).split(' ');

// The scripts most names are written in, tried first: a script's pattern is compiled the first time
// a letter needs it (each \p{Script=…} set costs a compilation; all of them cost about 15 ms of a
// first registration), and one character belongs to exactly one script, so the order changes nothing.
const LIKELY_FIRST = ['Latin', 'Cyrillic', 'Greek', 'Han', 'Hiragana', 'Katakana', 'Hangul', 'Arabic', 'Hebrew', 'Devanagari', 'Thai'];
const SCRIPT_ORDER = [...LIKELY_FIRST, ...SCRIPT_NAMES.filter((name) => !LIKELY_FIRST.includes(name))];
const patterns = new Map<string, RegExp | null>();

/** The script's pattern, or null when this runtime does not know the name. */
function patternOf(name: string): RegExp | null {
  let pattern = patterns.get(name);
  if (pattern === undefined) {
    try {
      pattern = new RegExp(`^\\p{Script=${name}}$`, 'u');
    } catch {
      pattern = null;
    }
    patterns.set(name, pattern);
  }
  return pattern;
}

// Characters that belong to no one script (digits, punctuation, combining marks) go with any.
const SHARED = /^[\p{Script=Common}\p{Script=Inherited}]$/u;
const DIGIT = /^\p{Nd}$/u;
// ASCII is Latin letters and Common characters only.
const ASCII_LETTER = /^[A-Za-z]$/;

/** The script of one character, `Common` for shared ones, `unlisted:<hex>` for a script this runtime cannot name. */
function scriptOf(char: string): string {
  if (char < '\u0080') return ASCII_LETTER.test(char) ? 'Latin' : 'Common';
  if (SHARED.test(char)) return 'Common';
  return SCRIPT_ORDER.find((name) => patternOf(name)?.test(char)) ?? `unlisted:${char.codePointAt(0)!.toString(16)}`;
}

/** The scripts of a string's characters, shared ones left out. */
export function scriptsOf(value: string): Set<string> {
  return new Set([...value].map(scriptOf).filter((script) => script !== 'Common'));
}

// The mixes TS #39 allows at its Highly Restrictive level: how Japanese, Chinese and Korean text
// is written, each with Latin.
const ALLOWED_MIXES = [
  new Set(['Latin', 'Han', 'Hiragana', 'Katakana']),
  new Set(['Latin', 'Han', 'Bopomofo']),
  new Set(['Latin', 'Han', 'Hangul']),
];

/** One script, or one of the mixes above: `аdmin` (a Cyrillic а), `ꓮdmin` (Lisu), `bⵔb` are not. */
export function isHighlyRestrictive(value: string): boolean {
  const used = scriptsOf(value);
  return used.size <= 1 || ALLOWED_MIXES.some((mix) => [...used].every((script) => mix.has(script)));
}

/** Digits of at most one decimal system (TS #39's mixed-numbers check): not `1२3`, where २ is Devanagari. */
export function hasOneDigitSystem(value: string): boolean {
  return new Set([...value].filter((char) => DIGIT.test(char)).map(scriptOf)).size <= 1;
}
