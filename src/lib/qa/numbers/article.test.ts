import { describe, expect, it } from 'vitest';
import { numbersCheck } from './check';
import { extractEn } from './en';

// Sentences of Heilongjiang Daily, 2 July 2023 (/work/shared/fixtures/heilongjiang-daily-2023-07-02.en-mt.txt
// holds the MT). The Chinese is reconstructed from the MT where the fixture has no source: it
// carries the article's numerals (千万工程, 五字诀, 两个, 一盘棋, 最后一公里) that the check must not flag.
const pairs: [string, string][] = [
	[
		'学思想 强党性 重实践 建新功丨省科技厅、省科协学习研讨“浦江经验”“千万工程”案例',
		'Learn ideas, strengthen party spirit, focus on practice, and build new achievements丨Provincial Science and Technology Department and Provincial Association for Science and Technology Study and Discuss Cases of “Pujiang Experience” and “Ten Thousand Projects”'
	],
	['2023-07-02 09:17:35', 'July 02, 2023 09:17:35'],
	[
		'本报讯（记者彭溢）近日，省科技厅召开党组理论学习中心组会议，学习交流浙江“浦江经验”“千万工程”经验案例。',
		'News from our newspaper (Reporter Peng Yi) Recently, the Provincial Department of Science and Technology held a meeting of the party group’s theoretical learning center group to study and exchange Zhejiang’s “Pujiang Experience” and “Ten Million Project” experience cases.'
	],
	[
		'要在树立正确政绩观、开展调查研究中提升实践能力，自觉运用“深、实、细、准、效”五字诀，聚焦建设区域科技创新高地。',
		'It is necessary to improve the practical ability in establishing a correct view of political achievements and conducting investigations and studies, and consciously use the five-character formula of “deep, solid, detailed, accurate, and effective” to focus on building a regional scientific and technological innovation highland.'
	],
	[
		'深入学习习近平总书记关于“千万工程”和“浦江经验”重要指示精神，围绕两个典型案例开展专题研讨。',
		'to study in depth the spirit of General Secretary Xi Jinping’s important instructions on the “Ten Thousand Project” and “Pujiang Experience”, and conducted special studies around two typical cases seminar.'
	],
	[
		'要树立系统思维，实现综合治理，“一盘棋”布局、“一条心”推进，打通服务群众的“最后一公里”。',
		'It is necessary to establish systematic thinking to achieve comprehensive governance, “one game of chess” layout, “one heart” promotion, and open up the “final” of serving the masses in solving problems. one kilometer”.'
	],
	[
		'要自觉同以习近平同志为核心的党中央保持高度一致。',
		'consciously maintain a high degree of consistency with the Party Central Committee with Comrade Xi Jinping at its core.'
	]
];

describe('numbersCheck on the Heilongjiang Daily article', () => {
	it.each(pairs)('gives no false positive on %s', (source, target) => {
		expect(numbersCheck.run({ source, target }, { sourceLang: 'zh-Hans', targetLang: 'en' })).toEqual([]);
	});

	it('sees the dateline and the numerals in the MT, and the project names as names', () => {
		const found = pairs.flatMap(([, target]) => extractEn(target)).map((f) => [f.kind, f.text, f.name === true]);
		expect(found).toEqual([
			['number', 'Ten Thousand', true],
			['date', 'July 02, 2023', false],
			['time', '09:17:35', false],
			['number', 'Ten Million', true],
			['number', 'five', false],
			['number', 'Ten Thousand', true],
			['number', 'two', false],
			['number', 'one', false],
			['number', 'one', false],
			['number', 'one', false]
		]);
	});

	it('still flags a wrong count next to a project name', () => {
		const findings = numbersCheck.run(
			{ source: '围绕两个典型案例开展专题研讨“千万工程”。', target: 'studies around three typical cases of the “Ten Million Project”.' },
			{ sourceLang: 'zh-Hans', targetLang: 'en' }
		);
		expect(findings.map((f) => f.message)).toEqual(['两 is 2, not three. Correct the number.']);
	});
});
