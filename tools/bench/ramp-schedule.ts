/**
 * An open-loop send schedule that ramps up: the rate climbs linearly from 0 to `rate` over `rampSeconds`, then
 * holds. Answers reach a census that way (invitations go out at the workspace's pace and people answer as they
 * arrive), not as a step from nothing to the full rate; 0 gives the step.
 */
export type RampSchedule = {
	/** How many sends the ramp takes (rate × ramp / 2), before the held rate. */
	readonly rampSends: number;
	/** When send `i` (0-based) is due, in ms after the first. */
	offsetMs(i: number): number;
};

export function rampSchedule(rate: number, rampSeconds: number): RampSchedule {
	const ramp = Math.max(0, rampSeconds);
	const rampSends = Math.round((rate * ramp) / 2);
	return {
		rampSends,
		offsetMs: (i) =>
			i < rampSends
				? 1000 * Math.sqrt((2 * ramp * i) / rate)
				: 1000 * (ramp + (i - rampSends) / rate),
	};
}
