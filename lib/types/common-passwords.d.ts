// The common-password list of @zxcvbn-ts/language-common, imported directly so the bundle
// carries only the list (not the package's keyboard graphs and diceware words).
declare module '@zxcvbn-ts/language-common/dist/passwords.json.mjs' {
  const passwords: string[];
  export default passwords;
}
