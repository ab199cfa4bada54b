import type { GlossaryEntry } from './types';

// The demo project's glossary: the terms the demo article's machine translation gets wrong or
// right, so that a new user sees the glossary and its QA flags in the first minute.
export const DEMO_GLOSSARY: readonly GlossaryEntry[] = [
	{
		source: '千万工程',
		target: 'Ten Million Project',
		status: 'preferred',
		caseSensitive: false,
		partOfSpeech: 'noun',
		note: 'Zhejiang’s “Thousand Villages Demonstration, Ten Thousand Villages Renovation” programme; 千万 is “ten million” here, never “ten thousand”.'
	},
	{
		source: '千万工程',
		target: 'Ten Thousand Project',
		status: 'forbidden',
		caseSensitive: false,
		partOfSpeech: 'noun',
		note: 'A mistranslation machine translation makes.'
	},
	{ source: '最后一公里', target: 'last mile', status: 'preferred', caseSensitive: false, partOfSpeech: 'noun', note: 'The idiom, not a literal kilometre.' },
	{ source: '浦江经验', target: 'Pujiang Experience', status: 'preferred', caseSensitive: false, partOfSpeech: 'noun', note: null },
	{
		source: '省科技厅',
		target: 'Provincial Department of Science and Technology',
		status: 'preferred',
		caseSensitive: false,
		partOfSpeech: 'noun',
		note: null
	},
	{ source: '黑龙江日报', target: 'Heilongjiang Daily', status: 'preferred', caseSensitive: false, partOfSpeech: 'proper noun', note: null }
];
