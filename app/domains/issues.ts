// zod's findings as sentences a person reads: "The month …", never
// "Bad input for updateLicense: fields.version: …". A schema may carry its own
// sentence (ending in a full stop); the others are said from the field's name.
import type { z } from 'zod';

/** What each input field is called in a sentence, by its path in the input. */
const FIELD_WORDS: Record<string, string> = {
  month: 'The month',
  from: 'The month the rate applies from',
  rate: 'The rate',
  id: 'The import number',
  license: 'The license key',
  droppedDays: 'The number of days dropped',
  name: 'The company name',
  address: 'The company address',
  path: 'The file',
  paths: 'The list of files',
  names: 'The list of file names',
  'fields.name': 'The name',
  'fields.edition': 'The edition',
  'fields.version': 'The version',
  'fields.maintenanceExpires': 'The M&S expiry date',
  'fields.notes': 'The notes',
  'quote.customer': 'The customer',
  'quote.mailboxes': 'The number of mailboxes',
  'quote.months': 'The number of months',
  'quote.vendorRate': 'The vendor rate',
  'quote.price': 'The price',
  'quote.basis': 'The basis of the quote',
};

function fieldWords(path: readonly PropertyKey[]): string {
  const key = path.filter((p) => typeof p !== 'number').map(String).join('.');
  return FIELD_WORDS[key] ?? (key ? `The field "${key}"` : 'The input');
}

/** One finding of zod as a sentence about the field it concerns. */
export function issueSentence(operation: string, issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return `${operation} does not take ${issue.keys.map((k) => `"${k}"`).join(', ')}.`;
  // Our own sentences, given in the schemas.
  if (/[.!?]$/.test(issue.message)) return issue.message;
  const field = fieldWords(issue.path);
  switch (issue.code) {
    case 'too_big':
      return `${field} is too ${issue.origin === 'string' ? 'long' : issue.origin === 'array' ? 'long a list' : 'large'} (at most ${String(issue.maximum)}).`;
    case 'too_small':
      return `${field} is too ${issue.origin === 'string' ? 'short' : issue.origin === 'array' ? 'short a list' : 'small'} (at least ${String(issue.minimum)}).`;
    case 'invalid_type':
      return issue.input === undefined ? `${field} is missing.` : `${field} must be a ${issue.expected}.`;
    default:
      return `${field} is not valid.`;
  }
}
