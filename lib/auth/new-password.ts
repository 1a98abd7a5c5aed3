// The new password of a reset or change: typed twice, and held to registration's policy
// (similarity to the user's own fields included), with Django's messages on new_password2.
import type { UserProfile } from '../domain/user';
import { ValidationFailed } from '../errors';
import { PASSWORD_MAX_LENGTH, passwordProblems } from '../users/password-policy';
import { string } from '../validation';

export const newPasswordFields = {
  new_password1: string({ trim: false, allowControlCharacters: true, maxLength: PASSWORD_MAX_LENGTH }),
  new_password2: string({ trim: false, allowControlCharacters: true, maxLength: PASSWORD_MAX_LENGTH }),
};

export const PASSWORDS_DIFFER = 'The two password fields didn’t match.';

/** What can be checked before the user is known: the two fields agree, and the policy's general rules. */
export function checkNewPasswordAlone(input: { new_password1: string; new_password2: string }): void {
  if (input.new_password1 !== input.new_password2) throw new ValidationFailed({ new_password2: [PASSWORDS_DIFFER] });
  const problems = passwordProblems(input.new_password1, { username: '', email: '', first_name: '', last_name: '' });
  if (problems.length > 0) throw new ValidationFailed({ new_password2: problems });
}

/** The policy's rules about this user's own fields. */
export function checkNewPasswordFor(user: UserProfile, password: string): void {
  const problems = passwordProblems(password, user);
  if (problems.length > 0) throw new ValidationFailed({ new_password2: problems });
}
