/**
 * @module channels/web/browser/config
 * What the server hands the chat page's script: the JSON in `<template id="config">`, written by
 * channels/web/page.ts and read by ./main.ts. Types only, shared by both sides.
 */

/** The page's languages. */
export type PageLang = 'zh-Hans' | 'zh-Hant' | 'en'

/** The page's settings and every word it draws, per language. */
export interface WebPageConfig {
  texts: Record<PageLang, Record<string, string>>
  /** The police's name per language, beside the 110 line. */
  police: Record<PageLang, string>
  api: string
  updates: string
  history: string
  maxLength: number
  /** The counter shows once this many characters or fewer are left. */
  counterFrom: number
  timeoutMs: number
  exitUrl: string
}
