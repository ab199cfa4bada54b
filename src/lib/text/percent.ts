/** A share (0–1) as people read it here: one decimal at most, a space before the sign (12.5 %). */
export function percent(share: number): string {
	return `${Math.round(share * 1000) / 10} %`;
}
