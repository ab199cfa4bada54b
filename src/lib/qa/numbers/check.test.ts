import { describe, expect, it } from 'vitest';
import { numbersCheck } from './check';

const context = { sourceLang: 'zh-Hans', targetLang: 'en' };
const run = (source: string, target: string) => numbersCheck.run({ source, target }, context);

// Renditions a careful translator would write: none may be flagged.
const correct: [string, string][] = [
	['参与人数达3.5万人。', 'Some 35,000 people took part.'],
	['参与人数达3.5万人。', 'Some 35 thousand people took part.'],
	['参与人数达3.5万人。', 'Some thirty-five thousand people took part.'],
	['投资1.2亿元。', 'An investment of 120 million yuan.'],
	['投资1.2亿元。', 'An investment of 120,000,000 yuan.'],
	['投资1.2亿元。', 'An investment of 0.12 billion yuan.'],
	['债务达12万亿元。', 'Debt reached 12 trillion yuan.'],
	['增长百分之三十五。', 'It grew 35 percent.'],
	['增长百分之三十五。', 'It grew 35%.'],
	['增长35％。', 'It grew 35 per cent.'],
	['增长百分之3.5。', 'It grew 3.5%.'],
	['2023年7月2日', 'July 2, 2023'],
	['2023年7月2日', '2 July 2023'],
	['7月2日召开会议。', 'The meeting was held on July 2.'],
	['7月2日召开会议。', 'The meeting was held on 2 July.'],
	['2023年全省粮食丰收。', 'In 2023 the province had a bumper harvest.'],
	['二〇二三年', 'the year 2023'],
	['会议8时30分开始。', 'The meeting began at 8:30.'],
	['会议8:30开始。', 'The meeting began at 8.30 a.m.'],
	['下午3时30分', 'at 3:30 p.m.'],
	['每户补贴3至5万元。', 'Each household gets 30,000 to 50,000 yuan.'],
	['每户补贴5至10万元。', 'Each household gets 50,000 to 100,000 yuan.'],
	['每户补贴5至10万元。', 'Each household gets between 50,000 and 100,000 yuan.'],
	['工期三到五年。', 'The work takes three to five years.'],
	['工期3-5年。', 'The work takes 3-5 years.'],
	['三十多个村庄', 'more than 30 villages'],
	['三十多个村庄', '30-odd villages'],
	['第三次会议', 'the third meeting'],
	['第三次会议', 'the 3rd meeting'],
	['全年工作', 'the work of the whole year'],
	['三名记者', 'three reporters'],
	['三名记者', '3 reporters'],
	['数万人参加。', 'Tens of thousands of people took part.'],
	['几十个单位', 'dozens of units'],
	['一百二十名学生', 'one hundred and twenty students'],
	['一百二十名学生', '120 students'],
	['两千名工人', '2,000 workers'],
	['三亿五千万元', '350 million yuan'],
	['十一个项目', 'eleven projects'],
	['二十万人', '200,000 people'],
	['十分重要', 'very important'],
	['统一思想，进一步提高', 'unify thinking and improve further'],
	['千万不要忘记', 'never forget'],
	['１２３个', '123 of them'],
	['1，234人', '1,234 people'],
	['1,234.5吨', '1,234.5 tonnes'],
	['零下', 'below freezing'],
	['五字诀', 'the five-character formula'],
	['两个典型案例', 'two typical cases'],
	['一盘棋、一条心', 'one game of chess, one heart'],
	['2023-07-02 09:17:35', 'July 02, 2023 09:17:35'],
	['比上年增长两成', 'up 20 percent from the previous year'],
	['新冠肺炎疫情', 'the COVID-19 pandemic'],
	['新建5G基站', 'new 5G base stations'],
	['全长10公里', '10km long'],
	['第十四届全国人民代表大会第一次会议于3月5日在北京开幕。', 'The first session of the 14th National People’s Congress opened in Beijing on March 5.'],
	['总投资约25亿元', 'a total investment of about 2.5 billion yuan'],
	['全省共有1.2万家企业参与，带动就业3万余人。', 'A total of 12,000 enterprises took part, creating jobs for more than 30,000 people.']
];

// Wrong renditions: each must give at least one finding.
const wrong: [string, string, string][] = [
	['参与人数达3.5万人。', 'Some 3,500 people took part.', '3,500'],
	['参与人数达3.5万人。', 'Some 3.5 thousand people took part.', '3.5 thousand'],
	['参与人数达3.5万人。', 'Many people took part.', ''],
	['投资1.2亿元。', 'An investment of 12 million yuan.', '12 million'],
	['投资1.2亿元。', 'An investment of 1.2 billion yuan.', '1.2 billion'],
	['债务达12万亿元。', 'Debt reached 12 billion yuan.', '12 billion'],
	['增长百分之三十五。', 'It grew 53 percent.', '53 percent'],
	['增长百分之三十五。', 'It grew 35 times.', ''],
	['增长35％。', 'It grew 3.5%.', '3.5%'],
	['2023年7月2日', 'July 3, 2023', 'July 3, 2023'],
	['2023年7月2日', '2 June 2023', '2 June 2023'],
	['2023年全省粮食丰收。', 'In 2022 the province had a bumper harvest.', '2022'],
	['会议8时30分开始。', 'The meeting began at 9:30.', '9:30'],
	['每户补贴3至5万元。', 'Each household gets 3 to 5 yuan.', '3 to 5'],
	['每户补贴5至10万元。', 'Each household gets 5,000 to 10,000 yuan.', '5,000 to 10,000'],
	['三十多个村庄', 'more than 40 villages', '40'],
	['第三次会议', 'the fourth meeting', 'fourth'],
	['三名记者', 'four reporters', 'four'],
	['三名记者', 'reporters', ''],
	['一百二十名学生', '12 students', '12'],
	['两千名工人', '200 workers', '200'],
	['三亿五千万元', '35 million yuan', '35 million'],
	['二十万人', '20,000 people', '20,000'],
	['全年工作', 'the work of 2023', '2023'],
	['工期三到五年。', 'The work takes three to six years.', 'three to six'],
	['1，234人', '1,243 people', '1,243'],
	['比上年增长两成', 'up 2 percent from the previous year', '2 percent'],
	['七八个人参加。会议于2023年召开。', 'Seven or eight people attended the 2024 meeting.', '2024']
];

describe('numbersCheck', () => {
	it.each(correct)('does not flag %s → %s', (source, target) => {
		expect(run(source, target)).toEqual([]);
	});

	it.each(wrong)('flags %s → %s', (source, target, wrongText) => {
		const findings = run(source, target);
		expect(findings.length).toBeGreaterThan(0);
		if (wrongText) expect(findings.some((f) => f.target && target.slice(f.target.start, f.target.end) === wrongText)).toBe(true);
	});

	it('says what the value is, points at the wrong number and offers the fix', () => {
		const target = 'An investment of 12 million yuan.';
		const [finding] = run('投资1.2亿元。', target);
		expect(finding.message).toBe('1.2亿 is 120 million, not 12 million. Correct the number.');
		expect(finding.source).toEqual({ start: 2, end: 6 });
		expect(target.slice(finding.target!.start, finding.target!.end)).toBe('12 million');
		expect(finding.fix).toEqual({ target: finding.target, replacement: '120 million', label: 'Replace with “120 million”' });
	});

	it('tells the translator what is missing', () => {
		expect(run('参与人数达3.5万人。', 'Many people took part.')).toEqual([
			{ message: 'The source has 35,000 (3.5万); the translation does not. Check the number.', source: { start: 5, end: 9 } }
		]);
	});

	it('warns about a number only the translation has', () => {
		const findings = run('会议召开。', 'The meeting of 300 people was held.');
		expect(findings).toEqual([{ message: 'The translation has 300, which is not in the source: check whether it belongs.', target: { start: 15, end: 18 } }]);
	});

	it('keeps the translator’s style in the fix', () => {
		const [finding] = run('参与人数达3.5万人。', 'Some 3,500 people took part.');
		expect(finding.fix?.replacement).toBe('35,000');
		const [percent] = run('增长百分之三十五。', 'It grew 53 percent.');
		expect(percent.fix?.replacement).toBe('35 percent');
	});

	it('only runs on Chinese to English', () => {
		expect(numbersCheck.run({ source: '3.5万', target: '3,500' }, { sourceLang: 'ja', targetLang: 'en' })).toEqual([]);
	});
});

describe('numbersCheck on plan names', () => {
	it('matches 十四五 with the 14th Five-Year Plan', () => {
		expect(run('“十四五”规划', 'the 14th Five-Year Plan')).toEqual([]);
		expect(run('“十四五”规划', 'the 13th Five-Year Plan').length).toBe(1);
	});
});

describe('numbersCheck on one', () => {
	it('matches 1 with “one” and never reports a stray “one”', () => {
		expect(run('1名记者', 'one reporter')).toEqual([]);
		expect(run('统一思想', 'one mind')).toEqual([]);
	});
});

describe('numbersCheck on approximate numbers', () => {
	it('says “more than” for 多', () => {
		expect(run('三十多个村庄', 'more than 40 villages').map((f) => f.message)).toEqual(['三十多 is more than 30, not 40. Correct the number.']);
		expect(run('三十多个村庄', 'the villages').map((f) => f.message)).toEqual([
			'The source has more than 30 (三十多); the translation does not. Check the number.'
		]);
	});
});
