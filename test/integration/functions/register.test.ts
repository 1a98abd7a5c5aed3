// Contract: POST /api/auth/register/ over HTTP against the local stack.
import { describe, expect, it } from 'vitest';
import { newUser, post } from '../../support/http';

const REGISTER = '/api/auth/register/';

describe('POST /api/auth/register/', () => {
  it('creates the user: 201 with exactly the seed keys, a positive integer pk and a token pair', async () => {
    const body = newUser();
    const response = await post(REGISTER, body);

    expect(response.status).toBe(201);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(Object.keys(response.body)).toEqual(['content']);
    const { content } = response.body;
    expect(Object.keys(content).sort()).toEqual(['email', 'first_name', 'last_name', 'pk', 'profile_image', 'tokens', 'username'].sort());
    expect(Number.isInteger(content.pk) && content.pk > 0).toBe(true);
    expect(content).toMatchObject({
      username: body.username,
      email: body.email,
      first_name: 'Ada',
      last_name: 'Lovelace',
      profile_image: null,
    });
    expect(Object.keys(content.tokens).sort()).toEqual(['access', 'refresh']);
    expect(content.tokens.access.split('.')).toHaveLength(3);
  });

  it("issues tokens whose user_id is the integer pk (simplejwt's for_user) and sub its string", async () => {
    const { content } = (await post(REGISTER, newUser())).body;
    for (const token of [content.tokens.access, content.tokens.refresh]) {
      const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
      expect({ user_id: claims.user_id, sub: claims.sub }).toEqual({ user_id: content.pk, sub: String(content.pk) });
    }
  });

  it('also answers without the trailing slash', async () => {
    const response = await post('/api/auth/register', newUser());
    expect(response.status).toBe(201);
  });

  it('defaults first_name and last_name to empty strings', async () => {
    const { first_name, last_name, ...body } = newUser();
    const response = await post(REGISTER, body);
    expect(response.status).toBe(201);
    expect(response.body.content).toMatchObject({ first_name: '', last_name: '' });
  });

  it('refuses invalid input with 400, the first problem in error and every problem in fields', async () => {
    const response = await post(REGISTER, { username: 'bad name!', email: 'not-an-email', password: '123' });
    expect(response.status).toBe(400);
    expect(response.body.error).toBe(
      'username: Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters.',
    );
    expect(response.body.fields).toEqual({
      username: ['Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters.'],
      email: ['Enter a valid email address.'],
    });
  });

  it('reports missing required fields', async () => {
    const response = await post(REGISTER, {});
    expect(response.status).toBe(400);
    expect(response.body.fields).toEqual({
      username: ['This field is required.'],
      email: ['This field is required.'],
      password: ['This field is required.'],
    });
  });

  it('refuses wrong field types with 400', async () => {
    const response = await post(REGISTER, { ...newUser(), username: true, first_name: ['x'] });
    expect(response.status).toBe(400);
    expect(response.body.fields).toEqual({ username: ['Not a valid string.'], first_name: ['Not a valid string.'] });
  });

  it('takes a number as text where DRF does: a numeric username is its digits', async () => {
    const digits = Number(`9${Date.now()}`.slice(0, 15));
    const response = await post(REGISTER, { ...newUser(), username: digits });
    expect(response.status).toBe(201);
    expect(response.body.content.username).toBe(String(digits));
  });

  it.each([
    ['first_name', 'Ada\u0000'],
    ['last_name', 'Love\u0007lace'],
    ['email', 'ada\u0000@example.com'],
  ])('refuses control characters in %s', async (field, value) => {
    const response = await post(REGISTER, newUser({ [field]: value }));
    expect(response.status).toBe(400);
    expect(Object.keys(response.body.fields)).toEqual([field]);
  });

  it.each([
    ['first_name', 'right-to-left override U+202E', 'Ada\u202eecalevoL'],
    ['first_name', 'zero-width space U+200B', 'A\u200bda'],
    ['last_name', 'zero-width joiner U+200D', 'Love\u200dlace'],
    ['last_name', 'Hangul filler U+3164 alone', '\u3164'],
  ])('refuses a %s holding a %s, with a clear message', async (field, _, value) => {
    const response = await post(REGISTER, newUser({ [field]: value }));
    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      error: `${field}: This field may not contain invisible or formatting characters.`,
      fields: { [field]: ['This field may not contain invisible or formatting characters.'] },
    });
  });

  it('treats a superscript or fullwidth look-alike of an existing username as a duplicate', async () => {
    const first = newUser({ username: `dup${Date.now()}2` });
    expect((await post(REGISTER, first)).status).toBe(201);
    const lookalike = first.username.replace(/2$/, '²').replace(/^d/, 'ｄ');
    const response = await post(REGISTER, newUser({ username: lookalike }));
    expect(response.body.fields).toEqual({ username: ['A user with that username already exists.'] });
  });

  it('treats STRAẞE… (capital sharp S, U+1E9E) as taken once strasse… exists, and logs strasse… in with it', async () => {
    const unique = newUser().username.slice('user'.length);
    const first = newUser({ username: `strasse${unique}` });
    expect((await post(REGISTER, first)).status).toBe(201);
    const response = await post(REGISTER, newUser({ username: `STRA\u1e9eE${unique.toUpperCase()}` }));
    expect(response.status).toBe(400);
    expect(response.body.fields).toEqual({ username: ['A user with that username already exists.'] });
    // One identity: the capital form is the same login.
    const login = await post('/api/auth/login/', { username: `STRA\u1e9eE${unique}`, password: first.password });
    expect(login.status).toBe(200);
  });

  it.each([
    ['made only of a Hangul filler (U+3164)', '\u3164'],
    ['holding a Hangul jungseong filler (U+1160)', `ad\u1160min${Date.now()}`],
  ])('refuses a username %s as invisible', async (_, username) => {
    const response = await post(REGISTER, newUser({ username }));
    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      error: 'username: Enter a valid username. This value may not contain invisible characters.',
      fields: { username: ['Enter a valid username. This value may not contain invisible characters.'] },
    });
  });

  it('refuses аdmin… with a Cyrillic а, and accepts admin… and an all-Cyrillic админ…', async () => {
    const digits = `${process.pid}${Date.now()}`;
    const mixed = await post(REGISTER, newUser({ username: `\u0430dmin${digits}` }));
    expect(mixed.status).toBe(400);
    expect(mixed.body.fields).toEqual({
      username: ['Enter a valid username. This value may not mix letters or digits of different writing systems.'],
    });
    expect((await post(REGISTER, newUser({ username: `admin${digits}` }))).status).toBe(201);
    expect((await post(REGISTER, newUser({ username: `\u0430\u0434\u043c\u0438\u043d${digits}` }))).status).toBe(201);
  });

  it('refuses weak passwords with every Django validator message', async () => {
    const response = await post(REGISTER, newUser({ password: '1234567' }));
    expect(response.status).toBe(400);
    expect(response.body.fields.password).toEqual([
      'This password is too short. It must contain at least 8 characters.',
      'This password is too common.',
      'This password is entirely numeric.',
    ]);
  });

  it.each([
    ['fullwidth', '１２３４５６７８９'],
    ['Arabic-Indic', '٣٨٢٩١٠٥٧٤٦'],
  ])("refuses a password of %s digits as entirely numeric, as Django's isdigit() does", async (_, password) => {
    const response = await post(REGISTER, newUser({ password }));
    expect(response.status).toBe(400);
    expect(response.body.fields).toEqual({ password: ['This password is entirely numeric.'] });
  });

  it('refuses a password too similar to the username', async () => {
    const body = newUser({ username: 'margarethamilton' });
    const response = await post(REGISTER, { ...body, password: 'margarethamilton1' });
    expect(response.status).toBe(400);
    expect(response.body.fields.password).toEqual(['The password is too similar to the username.']);
  });

  it('accepts a 64-character password', async () => {
    const response = await post(REGISTER, newUser({ password: 'x7Q!'.repeat(16) }));
    expect(response.status).toBe(201);
  });

  it('refuses a duplicate username, case-insensitively, in Django wording', async () => {
    const first = newUser();
    expect((await post(REGISTER, first)).status).toBe(201);
    const response = await post(REGISTER, newUser({ username: first.username.toUpperCase() }));
    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      error: 'username: A user with that username already exists.',
      fields: { username: ['A user with that username already exists.'] },
    });
  });

  it('refuses a duplicate email, case-insensitively, in Django wording', async () => {
    const first = newUser();
    expect((await post(REGISTER, first)).status).toBe(201);
    const response = await post(REGISTER, newUser({ email: first.email.toUpperCase() }));
    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      error: 'email: A user with that email already exists.',
      fields: { email: ['A user with that email already exists.'] },
    });
  });

  it('stores an email in the form its uniqueness key stands for: an NFD domain comes back composed, its punycode is taken', async () => {
    const local = newUser().username;
    const created = await post(REGISTER, newUser({ email: `${local}@bu\u0308cher.example` }));
    expect(created.status).toBe(201);
    expect(created.body.content.email).toBe(`${local}@b\u00fccher.example`);
    const duplicate = await post(REGISTER, newUser({ email: `${local}@xn--bcher-kva.example` }));
    expect(duplicate.status).toBe(400);
    expect(duplicate.body.fields).toEqual({ email: ['A user with that email already exists.'] });
  });

  it('names both fields when username and email are both taken', async () => {
    const first = newUser();
    expect((await post(REGISTER, first)).status).toBe(201);
    const response = await post(REGISTER, { ...first });
    expect(response.status).toBe(400);
    expect(Object.keys(response.body.fields).sort()).toEqual(['email', 'username']);
  });

  it('stores the NFKC form and treats compatibility forms as the same username', async () => {
    const ascii = newUser().username;
    const fullwidth = [...ascii].map((c) => String.fromCodePoint(c.codePointAt(0)! + 0xfee0)).join('');
    const created = await post(REGISTER, newUser({ username: fullwidth }));
    expect(created.status).toBe(201);
    expect(created.body.content.username).toBe(ascii);
    const duplicate = await post(REGISTER, newUser({ username: ascii.toUpperCase() }));
    expect(duplicate.body.fields.username).toEqual(['A user with that username already exists.']);
  });

  it('ignores unknown fields: they cannot set pk, is_active or the prototype', async () => {
    const body = newUser();
    const raw = JSON.stringify({
      ...body,
      pk: 999999999,
      is_active: false,
      profile_image: 'x.png',
      __proto__: { is_active: false },
      constructor: { prototype: { polluted: true } },
    });
    const response = await post(REGISTER, raw, { raw: true });
    expect(response.status).toBe(201);
    expect(response.body.content.pk).not.toBe(999999999);
    expect(response.body.content.profile_image).toBeNull();
    // The account is active: it can log in.
    const login = await post('/api/auth/login/', { username: body.username, password: body.password });
    expect(login.status).toBe(200);
  });

  it('of 8 concurrent registrations of one username, exactly one gets 201', async () => {
    const { username } = newUser();
    const responses = await Promise.all(Array.from({ length: 8 }, () => post(REGISTER, newUser({ username }))));
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 400, 400, 400, 400, 400, 400, 400]);
    for (const refused of responses.filter((r) => r.status === 400)) {
      expect(refused.body.fields.username).toEqual(['A user with that username already exists.']);
    }
  });

  it('gives concurrent registrations distinct pks', async () => {
    const responses = await Promise.all(Array.from({ length: 8 }, () => post(REGISTER, newUser())));
    const pks = responses.map((r) => r.body.content.pk);
    expect(new Set(pks).size).toBe(8);
  });
});
