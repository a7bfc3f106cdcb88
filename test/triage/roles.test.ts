/** Reporter roles, from the request or the text, and their duty per region, from the seeds. */
import { describe, expect, it } from 'vitest'
import { classify } from '../../src/triage/classify.js'
import { dutyFor } from '../../src/triage/duty.js'
import { resolveRegion } from '../../src/regions.js'
import { resolveRole } from '../../src/triage/roles.js'
import { triageContent } from './support.js'

const content = triageContent()
const region = (v: string) => resolveRegion(content, v)?.covered
const duty = (role: string, where: string) => dutyFor(content, role, region(where))!

describe('recognising the reporter', () => {
  it.each([
    ['我是老师，班上一个学生身上有伤', 'teacher'],
    ['我是一名小学班主任', 'teacher'],
    ['我的学生说她爸打她', 'teacher'],
    ['我是医生，接诊了一个孩子', 'doctor'],
    ['我是护士', 'nurse'],
    ['我是村里的儿童主任', 'child_director'],
    ['我是村委会的', 'village_committee'],
    ['我是社工', 'social_worker'],
    ['我是酒店前台', 'hotel'],
    ['我是培训机构老师', 'training'],
    ['我是儿童督导员', 'township_supervisor'],
  ])('%s → %s', (text, role) => expect(classify(content, text).role).toBe(role))

  it('a role noun alone is not a claim (the teacher here is the one doing harm)', () => {
    expect(classify(content, '老师打孩子').role).toBeUndefined()
    expect(classify(content, '学校老师说我们家孩子逃学').role).toBeUndefined()
  })

  it('resolves what a client sends', () => {
    expect(resolveRole(content, 'teacher')).toBe('teacher')
    expect(resolveRole(content, '班主任')).toBe('teacher')
    expect(resolveRole(content, ' Hotel ')).toBe('hotel')
    expect(resolveRole(content, 'astronaut')).toBeUndefined()
  })
})

describe('duties per region', () => {
  it('Qinzhou: schools, hospitals, 村（居）委会… report to the police 第一时间', () => {
    for (const role of ['teacher', 'doctor', 'nurse', 'village_committee', 'social_worker']) {
      const d = duty(role, 'qinzhou')
      expect(d.mandated).toBe(true)
      expect(d.text).toContain('第一时间向公安机关报告')
      expect(d.citations.map((c) => c.doc)).toContain('钦政办〔2017〕141号')
    }
  })

  it('Wenling: 立即向公安机关报案 and 向主管部门备案, hotels and training centres too', () => {
    for (const role of ['teacher', 'training', 'hotel', 'doctor', 'village_committee']) {
      const d = duty(role, 'wenling')
      expect(d.mandated).toBe(true)
      expect(d.text).toContain('立即向公安机关报案或举报，并向主管部门备案')
    }
    expect(duty('social_worker', 'wenling')).toMatchObject({ status: 'not_named', mandated: false })
  })

  it('Shanxi names only the 村（居）委会 and its 儿童福利督导员', () => {
    expect(duty('village_committee', 'shanxi').mandated).toBe(true)
    expect(duty('welfare_supervisor', 'shanxi').mandated).toBe(true)
    for (const role of ['teacher', 'doctor', 'nurse', 'hotel', 'social_worker', 'child_director']) {
      const d = duty(role, 'shanxi')
      expect(d).toMatchObject({ status: 'not_named', mandated: false })
      expect(d.text).toContain('没有把')
    }
  })

  it('Chongqing: the 儿童主任 reports to the police; schools and hospitals must report; hotels are not named', () => {
    expect(duty('child_director', '500000')).toMatchObject({ mandated: true })
    expect(duty('child_director', 'chongqing').text).toContain('及时向公安机关及其派出机构报告')
    expect(duty('teacher', 'chongqing').mandated).toBe(true)
    expect(duty('teacher', 'chongqing').text).toContain('文件没有写明向哪里报告')
    expect(duty('township_supervisor', 'chongqing').status).toBe('oversees')
    expect(duty('hotel', 'chongqing')).toMatchObject({ status: 'not_named', mandated: false })
    const docs = duty('teacher', 'chongqing').citations.map((c) => c.doc)
    expect(docs).toEqual(expect.arrayContaining(['渝府发〔2016〕59号', '渝民发〔2020〕23号']))
  })

  it('anywhere else: the national baseline says it has not checked, and is not a mandate', () => {
    for (const where of ['110000', '440106']) {
      const r = resolveRegion(content, where)!
      expect(r.covered).toBeUndefined()
      const d = dutyFor(content, 'teacher', r.covered)!
      expect(d).toMatchObject({ region: 'national', status: 'no_local_document', mandated: false })
      expect(d.text).toContain('还没有核对')
    }
  })

  it('a region inside a covered one takes its duties (a town in Wenling)', () => {
    expect(resolveRegion(content, '331081101')?.covered?.slug).toBe('wenling')
    expect(dutyFor(content, 'hotel', resolveRegion(content, '331081101')?.covered)!.mandated).toBe(
      true,
    )
  })

  it('every role has a duty in every region', () => {
    for (const r of [...content.regions.map((x) => x.slug), undefined])
      for (const role of content.roles)
        expect(
          dutyFor(content, role.id, r ? region(r) : undefined),
          `${role.id} in ${r}`,
        ).toBeDefined()
  })
})
