/** Words that mean "password" when they appear whole inside an identifier. */
const SHORT_WORDS = new Set(["pwd", "pw", "pass", "pswd", "passwd", "passcode", "passphrase", "password", "passwords", "pwhash"]);
/** Spellings that mean "password" even glued to other words (userpassword, hashedpasswd). */
const GLUED = /passw(?:or)?d|passphrase|passcode/;

/**
 * True when an identifier, property name or short string key names a password:
 * `password`, `userPassword`, `hashed_passwd`, `pwd`, `PASS`. Words such as `bypass` or
 * `passport` do not count: short spellings must stand alone between word breaks.
 */
export function namesPassword(name: string): boolean {
  const lower = name.toLowerCase();
  if (GLUED.test(lower)) return true;
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/);
  return words.some((w) => SHORT_WORDS.has(w));
}
