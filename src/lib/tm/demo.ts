// The demo project's translation memory: an earlier, approved translation of coverage like the
// demo article's, so that a new user sees matches in the first minute — 101 % for the byline,
// fuzzy matches with their differences for the two news paragraphs, and “Ten Million Project”
// where the article's MT says “Ten Thousand Project”.

export interface DemoUnit {
	source: string;
	target: string;
	prevSource: string | null;
	nextSource: string | null;
}

export const DEMO_MEMORY_TITLE = 'Science bodies study the “Ten Million Project” (earlier coverage)';
export const DEMO_MEMORY_AUTHOR = 'Heilongjiang Daily translation desk';

export const DEMO_MEMORY: DemoUnit[] = [
	{ source: '来源：黑龙江日报', target: 'Source: Heilongjiang Daily', prevSource: '2023年07月02日 09:17:35', nextSource: '作者：彭溢' },
	{
		source: '作者：彭溢',
		target: 'Author: Peng Yi',
		prevSource: '来源：黑龙江日报',
		nextSource: '本报讯（记者彭溢）近日，省科技厅召开党组理论学习中心组会议，学习交流浙江“浦江经验”“千万工程”经验案例。'
	},
	{
		source: '本报讯（记者彭溢）近日，省科技厅召开党组理论学习中心组会议，学习交流浙江“千万工程”经验案例。',
		target:
			'Heilongjiang Daily (reporter Peng Yi) — The Provincial Department of Science and Technology recently held a meeting of its Party group’s theoretical study group to study and discuss Zhejiang’s experience with the “Ten Million Project”.',
		prevSource: null,
		nextSource: null
	},
	{
		source: '本报讯（记者彭溢）近日，省科协召开党组理论学习中心组学习会，深入学习习近平总书记关于“千万工程”的重要指示精神。',
		target:
			'Heilongjiang Daily (reporter Peng Yi) — The Provincial Association for Science and Technology recently held a study session of its Party group’s theoretical study group to study in depth General Secretary Xi Jinping’s important instructions on the “Ten Million Project”.',
		prevSource: null,
		nextSource: null
	}
];
