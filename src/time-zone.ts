// An IANA time zone name, checked against this Node's time zone data: the
// settings and the rota file both take one, and both must refuse a typo with
// the same one line.
import { z } from 'zod';

export const timeZone = z.string().refine(
  (tz) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'must be an IANA time zone such as America/New_York' },
);
