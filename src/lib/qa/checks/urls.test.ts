import { describe, expect, it } from 'vitest';
import { addresses, urlsEmailsCheck } from './urls';

const en = { sourceLang: 'zh-Hans', targetLang: 'en' };
const run = (source: string, target: string) => urlsEmailsCheck.run({ source, target }, en);

describe('urls-emails', () => {
	it('finds addresses that run into Chinese text and drops sentence punctuation', () => {
		expect(addresses('详见https://www.hljnews.cn/a.html。投稿：news@hljnews.cn，谢谢').map((a) => a.text)).toEqual([
			'https://www.hljnews.cn/a.html',
			'news@hljnews.cn'
		]);
		expect(addresses('(see www.example.com/a_(b)).').map((a) => a.text)).toEqual(['www.example.com/a_(b)']);
	});

	it('flags a link missing from the translation', () => {
		expect(run('详见www.hljnews.cn。', 'See the website.')).toEqual([
			{ message: 'The link “www.hljnews.cn” from the source is missing in the translation: copy it as it is.', source: { start: 2, end: 16 } }
		]);
	});

	it('flags a changed address and offers the source’s', () => {
		expect(run('投稿：news@hljnews.cn', 'Contributions: news@hljnews.com.')).toEqual([
			{
				message: 'The translation has “news@hljnews.com” where the source has the e-mail address “news@hljnews.cn”: copy it as it is.',
				source: { start: 3, end: 18 },
				target: { start: 15, end: 31 },
				fix: { target: { start: 15, end: 31 }, replacement: 'news@hljnews.cn', label: 'Replace with “news@hljnews.cn”' }
			}
		]);
	});

	it('counts an address given twice', () => {
		expect(run('www.a.cn 和 www.a.cn', 'www.a.cn and more')).toHaveLength(1);
	});

	it('accepts the same addresses, whatever punctuation follows them', () => {
		expect(run('详见https://www.hljnews.cn/a.html。', 'See https://www.hljnews.cn/a.html.')).toEqual([]);
		expect(run('来源：黑龙江日报', 'Source: Heilongjiang Daily')).toEqual([]);
	});

	it('offers a fix only for an address of the same kind, which cannot run on into what follows', () => {
		const [mistyped] = run('写信至a@b.cn/x', 'Write to a@b.org/x');
		expect(mistyped.fix?.replacement).toBe('a@b.cn');
		const [other] = run('见https://www.a.cn/x', 'See a@b.cn/x');
		expect(other.target).toBeDefined();
		expect(other.fix).toBeUndefined();
	});
});

describe('addresses', () => {
	it('are whole: not the tail of a word, not an e-mail address that runs on', () => {
		expect(addresses('thehttp://a.cn x.www.a.cn a@b.cn-x a@b.cn.x')).toEqual([]);
		expect(addresses('详见http://a.cn').map((a) => a.text)).toEqual(['http://a.cn']);
	});
});
