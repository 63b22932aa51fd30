/** A dosing day: the 24 hours after a recorded session (ketamine raises heart rate and blood pressure for hours). */
export const DOSING_DAY_MS = 24 * 3_600_000;
