import { describe, expect, it } from 'vitest';
import type { QaIssue } from '../qa/types';
import { qaBadge } from './qa-summary';

const issue = (severity: QaIssue['severity']): QaIssue => ({ check: 'x', severity, message: 'm' });

describe('qaBadge', () => {
	it('shows nothing before the row was counted, or with notes only', () => {
		expect(qaBadge(null)).toBeNull();
		expect(qaBadge([])).toBeNull();
		expect(qaBadge([issue('info')])).toBeNull();
	});

	it('counts errors and warnings and takes the worst for its colour', () => {
		expect(qaBadge([issue('warning'), issue('warning'), issue('info')])).toEqual({ count: 2, worst: 'warning', text: '2 QA warnings' });
		expect(qaBadge([issue('error')])).toEqual({ count: 1, worst: 'error', text: '1 QA error' });
		expect(qaBadge([issue('error'), issue('warning'), issue('warning')])).toEqual({
			count: 3,
			worst: 'error',
			text: '3 QA issues: 1 error, 2 warnings'
		});
	});
});
