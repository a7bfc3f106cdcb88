/** The classifier's mechanics, one concern at a time, plus its speed. */
import { describe, expect, it } from 'vitest'
import { classify } from '../../src/triage/classify.js'
import { prepare } from '../../src/triage/scan.js'
import { triageContent } from './support.js'

const content = triageContent()
const level = (text: string): string => classify(content, text).urgency

describe('negation', () => {
  it.each([
    ['没有打孩子', 'none'],
    ['他并没有打孩子', 'none'],
    ['孩子没被打', 'none'],
    ['这不是虐待', 'none'],
    ['我没有想自杀', 'none'],
    ['医生说没有被性侵', 'none'],
  ])('%s → %s', (text, want) => expect(level(text)).toBe(want))

  it('a plea is not a negation', () => {
    expect(level('不要打我')).toBe('emergency')
    expect(level('别打了')).toBe('emergency')
  })

  it('a negator in another clause does not cancel', () => {
    expect(level('没有办法，他在打孩子')).toBe('emergency')
  })

  it('未成年 is not a negator', () => {
    expect(level('有个未成年人被性侵了')).toBe('emergency')
  })
})

describe('time', () => {
  it('now is an emergency, the past is urgent, a resolved past is standard', () => {
    expect(level('他现在在打孩子')).toBe('emergency')
    expect(level('刚才他打孩子')).toBe('emergency')
    expect(level('以前他打孩子')).toBe('urgent')
    expect(level('他以前打孩子，现在已经好了')).toBe('standard')
  })

  it('now in one clause beats the past in another', () => {
    expect(level('以前被打过，现在还在打')).toBe('emergency')
  })

  it('habitual violence with no sign of now is urgent', () => {
    expect(level('他经常打孩子')).toBe('urgent')
    expect(level('他经常打孩子，现在又在打')).toBe('emergency')
  })

  it('a missing child found again is no alarm; missing since yesterday is an emergency', () => {
    expect(level('孩子走丢过一次，后来找到了')).toBe('none')
    expect(level('孩子昨天走丢了')).toBe('emergency')
  })
})

describe('hard negatives', () => {
  it.each([
    '孩子去打疫苗',
    '孩子打了疫苗',
    '我在外地打工',
    '打车过去',
    '孩子整天打游戏',
    '给孩子打电话',
    '孩子在学校打扫卫生',
    '打印一份申请表',
    '明天去打针',
    '孩子在打篮球',
    '孩子跟同学打闹',
    '我打算申请低保',
    '想死你了',
    '热死了',
    '救命钱都花光了',
    '孩子的手机丢了',
    '孩子妈妈失踪了，能领补贴吗',
    '学校开展防性侵教育',
  ])('%s → none', (text) => expect(level(text)).toBe('none'))
})

describe('how people write', () => {
  it('traditional characters', () => {
    expect(level('鄰居正在打孩子')).toBe('emergency')
    expect(level('我想自殺')).toBe('emergency')
    expect(level('孩子不見了')).toBe('emergency')
  })

  it('full-width letters and digits', () => {
    expect(level('ＳＯＳ')).toBe('emergency')
    expect(level('我家６岁的孩子不见了')).toBe('emergency')
    expect(prepare(content.lexicon, 'ＡＢＣ１２３')).toBe(prepare(content.lexicon, 'abc123'))
  })

  // English is read with the same rules (content/triage/english.yaml). A bare "help" is not a
  // verdict: the chat asks whether a child is in danger instead.
  it.each([
    ["my neighbour's kid is being beaten right now", 'emergency'],
    ['i just took a whole bottle of sleeping pills', 'emergency'],
    ['my 5 year old is missing', 'emergency'],
    ['help', 'none'],
    ['this homework is killing me', 'none'],
    ['what is 12355', 'none'],
    ['we had an anti abduction drill at school today lol', 'none'],
  ] as const)('English: %s → %s', (text, expected) => expect(level(text)).toBe(expected))

  it('questions about services and drills are not alarms', () => {
    expect(level('12355是什么电话？')).toBe('none')
    expect(level('孩子学校今天搞了防拐卖演习，他回来说得头头是道')).not.toBe('emergency')
    expect(level('孩子学校今天搞了防拐卖演习，他回来说得头头是道')).not.toBe('urgent')
  })

  it('no punctuation', () => {
    expect(level('隔壁在打孩子救命')).toBe('emergency')
  })

  it('a child about themself', () => {
    const c = classify(content, '我爸拿皮带抽我')
    expect(c).toMatchObject({ urgency: 'emergency', selfReport: true, concerns: ['violence'] })
    expect(classify(content, '隔壁在打孩子').selfReport).toBe(false)
  })

  it('suicide talk', () => {
    for (const t of ['不想活了', '我想死', '活着没意思', '我想跳楼'])
      expect(level(t)).toBe('emergency')
    expect(level('我去年想过自杀')).toBe('urgent')
  })

  it('euphemisms for sexual abuse', () => {
    for (const t of ['他摸我下面', '他晚上会摸她', '继父对我做那种事', '让我脱衣服'])
      expect(level(t)).toBe('emergency')
    expect(level('孩子说老师摸她胸')).toBe('urgent')
  })

  it('someone hurt asks for 120', () => {
    expect(classify(content, '孩子被打得流血了')).toMatchObject({
      urgency: 'emergency',
      hurt: true,
    })
    expect(classify(content, '隔壁在打孩子').hurt).toBe(false)
  })
})

describe('reporters', () => {
  it('a professional suspicion of neglect is urgent; the same from a neighbour is standard', () => {
    expect(level('孩子爸妈都不管他')).toBe('standard')
    expect(level('我是老师，孩子爸妈都不管他')).toBe('urgent')
    expect(classify(content, '孩子爸妈都不管他', { reporterRole: 'doctor' }).urgency).toBe('urgent')
    expect(classify(content, '孩子爸妈都不管他', { reporterRole: 'public' }).urgency).toBe(
      'standard',
    )
  })

  it('a professional asking about benefits is no alarm', () => {
    expect(level('我是老师，想了解困境儿童资助政策')).toBe('none')
  })
})

describe('ordinary chat answers never fire', () => {
  const answers = [
    ...Array.from({ length: 20 }, (_, i) => String(i + 1)),
    ...Array.from({ length: 18 }, (_, i) => `${i}岁`),
    ...[
      '八岁',
      '八岁半',
      '3个月',
      '是',
      '不是',
      '是的',
      '对',
      '不对',
      '没有',
      '有',
      '不清楚',
      '不知道',
    ],
    ...[
      '菜单',
      '返回',
      '人工',
      '重新开始',
      '退出',
      'menu',
      'back',
      'human',
      '你好',
      '谢谢',
      '好的',
    ],
    ...[
      '重庆',
      '山西',
      '钦州',
      '温岭',
      '重庆市',
      '温岭市',
      '其他地区',
      '2015年3月4日',
      '2015-03-04',
    ],
    ...['男孩', '女孩', '爷爷奶奶', '他是我孙子', '孩子在上小学', '低保', '孤儿', '残疾', '一级'],
    ...['我要举报', '我想求助', '查询进度', '了解福利政策', '看看孩子能领什么', '转人工'],
  ]
  it.each(answers)('%s', (text) => expect(level(text)).toBe('none'))
})

describe('an injury under way', () => {
  const hurt = (text: string): { urgency: string; hurt: boolean } => {
    const c = classify(content, text)
    return { urgency: c.urgency, hurt: c.hurt }
  }

  it('lifts a concern to an emergency with 120: someone is hurt now', () => {
    expect(level('孩子被同学推下楼梯')).toBe('urgent')
    expect(hurt('孩子被同学推下楼梯 腿动不了了')).toEqual({ urgency: 'emergency', hurt: true })
    expect(hurt('同学把我儿子的头按在马桶里 他现在呼吸不太顺')).toEqual({
      urgency: 'emergency',
      hurt: true,
    })
    expect(hurt('kids around 10 working machines in the workshop, one is badly hurt')).toEqual({
      urgency: 'emergency',
      hurt: true,
    })
  })

  it('is a modifier, not a rule: an injury alone raises nothing', () => {
    expect(level('孩子肚子痛怎么办')).toBe('none')
    expect(level('孩子摔了一跤，腿有点疼')).toBe('none')
  })

  it('does not lift an injury that is denied, past, or told second-hand', () => {
    expect(hurt('邻居在打孩子，孩子没受伤').hurt).toBe(false)
    expect(hurt('孩子说爸爸用烟头烫她')).toEqual({ urgency: 'urgent', hurt: false })
    expect(hurt('以前他打孩子，打得腿都动不了')).toEqual({ urgency: 'urgent', hurt: false })
  })

  it('is not read in 无痛 or 心疼', () => {
    expect(hurt('儿子在网上查怎么无痛自杀').hurt).toBe(false)
    expect(hurt('看着被打的孩子真心疼').hurt).toBe(false)
  })
})

describe('kinds of danger the word list learned from the category sets', () => {
  it.each([
    ['小孩走丢了 在火车站 三岁男孩', 'emergency'], // 火车站 is not a lost thing
    ['孩子离家出走了，说再也不回来了，现在不知道在哪', 'emergency'],
    ['孙子失踪了两天，昨天晚上自己回来了，问他去哪他就哭', 'urgent'],
    ['孩子离家出走被派出所送回来了，可他说还会跑的', 'urgent'],
    ['学生连续三天没来上课，家长电话打不通', 'urgent'],
    ['孩子被一个不认识的叔叔带走了', 'emergency'],
    ['我怀孕八个月了，想生完就把孩子放在医院门口', 'urgent'],
    ['外婆老年痴呆 又把小表弟带出去了 两个都找不到了', 'emergency'],
    ['直播间里一个小孩被大人逼着做奇怪的动作，现在还在播', 'emergency'],
    ['那个人说他就在我家楼下 让我下去 不下去就把照片发出去', 'emergency'],
    ['班上一个女生12岁，肚子越来越大', 'urgent'],
    ['楼上一个小孩在阳台上哭了两个钟头了，敲门没人开', 'emergency'],
    ['my 15 yo niece met a guy online, he is outside my house now', 'emergency'],
    ['my son 6 yrs old gone at the mall, cant find him', 'emergency'], // a number is not a clause break
    ['孩子说学校有人要他带钱来，不带就放学堵他', 'urgent'],
    ['有人在抖音私信我女儿，说她很漂亮可以当网红，要她的微信', 'urgent'],
    ['孩子最近画的画都是爸爸打妈妈，还说晚上害怕', 'urgent'],
    ['我被他们关在器材室里了 外面锁了 手机快没电', 'emergency'],
    ['我已经把绳子绑好了', 'emergency'],
  ])('%s → %s', (text, want) => expect(level(text)).toBe(want))

  it.each([
    '孩子以前走丢过一次，后来找到了',
    '学校上了防拐课，老师说不要跟陌生人走',
    '我是被领养的，小时候被放在福利院门口，现在想找亲生父母',
    '我们班今天开了反霸凌班会，大家都说要互相帮助', // a teacher's lesson is not a suspicion
    '举报虐待儿童要留名字吗？',
  ])('and still keeps calm where there is no danger: %s', (text) =>
    expect(['none', 'standard']).toContain(level(text)),
  )
})

describe('structures that travel beyond one wording', () => {
  it('a child, an adult near them and a harming act, in any order', () => {
    expect(level('那个小孩被他后妈关着不让出门，还饿着')).toBe('urgent')
    expect(level('邻居大叔拿皮带抽了一顿，孩子八岁')).not.toBe('none')
    expect(level('我们楼下的孩子，他爸用衣架打')).not.toBe('none')
    expect(level('邻居没有打孩子，是孩子自己摔倒了')).toBe('none')
  })

  it('a little child alone is urgent, and an emergency told as now', () => {
    expect(level('孩子才三岁，一个人在屋里，大人不知道去哪了')).toBe('urgent')
    expect(level('现在楼道里有个小孩一个人在哭，才四岁')).toBe('emergency')
    // 12岁 is not 2岁: an older child alone for an hour is a question, not an alarm.
    expect(level('女儿12岁，可以一个人在家待一小时吗')).not.toBe('urgent')
  })

  it('a newborn with a price is a sale', () => {
    expect(level('有人说刚出生的女婴三万块就行')).toBe('urgent')
  })

  it('an online contact who threatens to post', () => {
    expect(level('网友说不给他钱就把照片发出去')).toBe('urgent')
  })

  it('cutting a limb, and many pills swallowed', () => {
    expect(level('她用小刀割手腕')).toBe('emergency')
    expect(classify(content, '他刚才吃了一整瓶药')).toMatchObject({
      urgency: 'emergency',
      hurt: true,
    })
  })

  it('a question about a service or what happens next is not a report', () => {
    expect(level('家暴报警以后警察会怎么处理？')).toBe('standard')
    expect(level('捡到弃婴应该先打110还是120？')).toBe('standard')
    // …unless something is told as happening now.
    expect(level('他现在在打孩子，报警以后会怎么处理')).toBe('emergency')
  })

  it('a small injury is a concern, not an alarm', () => {
    expect(level('孩子踢球擦破了皮，流血了，贴个创可贴就行吧')).toBe('standard')
    expect(level('孩子从楼上摔下来，流了好多血')).toBe('emergency')
  })

  it('questions about words, rumours and giving, and everyday mishaps, are not reports', () => {
    for (const text of [
      '女儿问我什么是性侵，我该怎么回答',
      '小区里有人说看到人贩子，是谣言吗',
      '我想给帮助被拐卖儿童的公益组织捐款',
      '孩子被蚊子咬了一身包',
      '孩子上周摔断了胳膊，现在打着石膏，医保能报多少',
      '儿子打篮球把手指戳了，肿了一点',
      'my son fell off his bike and scraped his knee, is a band aid enough',
    ])
      expect(level(text), text).toMatch(/^(none|standard)$/)
  })

  it('the news of an injury days ago is not an emergency', () => {
    expect(level('新闻里说前几天有个孩子掉井里了')).toBe('standard')
  })

  it('cartoons, plays, drills and calls are not reports', () => {
    expect(level('孩子老说我要杀了你，是动画片里学的')).toBe('standard')
    expect(level('学校演练走失儿童怎么找')).not.toBe('emergency')
    expect(level('小朋友出事应该打哪个电话')).toBe('none')
  })
})

describe('English and pinyin read as Chinese', () => {
  it('a run of unknown words is one filler, so a child and gone stay near', () => {
    expect(prepare(content.lexicon, 'my son was right next to me at the big mall')).toBe(
      '我的儿子_我_',
    )
    expect(
      level(
        'my son was right next to me at the mall in the city centre 10 min ago, now he is gone',
      ),
    ).toBe('emergency')
  })

  it('a bare age is an age', () => {
    expect(prepare(content.lexicon, 'she is 13, help')).toContain('13岁')
    expect(prepare(content.lexicon, 'he is 10 min away')).not.toContain('岁')
  })

  it.each([
    ['ge bi zai da xiao hai', 'emergency'],
    ['wo xiang si le', 'emergency'],
    ['wo nv er bu jian le', 'emergency'],
  ])('%s → %s', (text, want) => expect(level(text)).toBe(want))
})
