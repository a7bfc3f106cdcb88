/**
 * The page's words come from content: every key it uses exists (in both scripts), and its
 * source holds no Chinese of its own. Its CSP hashes match the blocks it inlines.
 */
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { webPage } from '../../src/channels/web/page.js'
import { PAGE_TEXT_KEYS } from '../../src/channels/web/page-texts.js'
import { realContent } from '../support/content.js'
import { ROOT } from './server.js'

const content = realContent()
const HAN = /[\u3400-\u9fff\uf900-\ufaff]/

describe('web page texts', () => {
  it('every key the page uses is in content/texts, simplified and traditional', () => {
    for (const lang of ['zh-Hans', 'zh-Hant'] as const) {
      const missing = PAGE_TEXT_KEYS.filter((key) => !content.texts[lang][key])
      expect(missing, lang).toEqual([])
    }
  })

  it('content/texts/page.yaml holds exactly the keys the page uses', () => {
    const yaml = readFileSync(join(ROOT, 'content/texts/page.yaml'), 'utf8')
    const keys = [...yaml.matchAll(/^(page\.[a-z_]+):/gm)].map((m) => m[1])
    expect(keys).toEqual([...PAGE_TEXT_KEYS])
  })

  it('the page source writes no Chinese of its own', () => {
    const dir = join(ROOT, 'src/channels/web')
    const files = readdirSync(dir).filter((f) => /^page(-.*)?\.ts$/.test(f))
    expect(files.length).toBeGreaterThan(1)
    for (const file of files) {
      const lines = readFileSync(join(dir, file), 'utf8').split('\n')
      const offending = lines.flatMap((line, i) => (HAN.test(line) ? [`${file}:${i + 1}`] : []))
      expect(offending).toEqual([])
    }
  })

  it('the CSP allows exactly the inline script and style, by hash', () => {
    const html = webPage(content)
    const policy = (
      /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? ''
    ).replaceAll('&#39;', "'")
    const hash = (s: string) => `'sha256-${createHash('sha256').update(s).digest('base64')}'`
    const script = /<script>([\s\S]*)<\/script>/.exec(html)?.[1] ?? ''
    const style = /<style>([\s\S]*)<\/style>/.exec(html)?.[1] ?? ''
    expect(policy).toContain(`script-src ${hash(script)}`)
    expect(policy).toContain(`style-src ${hash(style)}`)
    expect(policy).toContain("default-src 'none'")
    expect(html.match(/<script/g)).toHaveLength(1)
  })

  it('a neutral exit page can be configured; anything else falls back to about:blank', () => {
    const exitUrl = (html: string) => /"exitUrl":"([^"]*)"/.exec(html)?.[1]
    expect(exitUrl(webPage(content))).toBe('about:blank')
    expect(exitUrl(webPage(content, { exitUrl: 'https://www.weather.com.cn/' }))).toBe(
      'https://www.weather.com.cn/',
    )
    expect(exitUrl(webPage(content, { exitUrl: 'javascript:alert(1)' }))).toBe('about:blank')
  })
})
