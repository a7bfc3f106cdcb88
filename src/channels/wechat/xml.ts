/**
 * @module channels/wechat/xml
 * The XML the Official Account exchanges, read and written with fast-xml-parser (never with
 * regular expressions): a message or event pushed to the webhook (validated with zod: what is not
 * one is refused), the 安全模式 envelope, and the passive replies (text; the encrypted envelope).
 * Values are read as text (no number guessing: a MsgId does not fit a double) and no entities are
 * expanded.
 */
import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser'
import { z } from 'zod'

const parser = new XMLParser({
  parseTagValue: false,
  processEntities: false,
  ignoreAttributes: true,
  ignoreDeclaration: true,
})
const builder = new XMLBuilder({ cdataPropName: '__cdata' })

const field = z.string().max(10_000)
/** A message or event as WeChat pushes it (the fields this channel reads; others are kept). */
export const wechatMessage = z.looseObject({
  ToUserName: z.string().min(1).max(100),
  FromUserName: z.string().min(1).max(100),
  CreateTime: z.string().regex(/^\d{1,12}$/),
  MsgType: z.string().min(1).max(30),
  Content: field.optional(),
  MsgId: z
    .string()
    .regex(/^\d{1,30}$/)
    .optional(),
  Event: z.string().max(50).optional(),
  EventKey: z.string().max(200).optional(),
})
export type WechatMessage = z.infer<typeof wechatMessage>

/** 安全模式: the message sealed in `Encrypt` (ToUserName beside it). */
const envelope = z.looseObject({ ToUserName: z.string().optional(), Encrypt: z.string().min(1) })

/** The `<xml>` root's fields; throws on what is not well-formed XML with such a root. */
function root(xml: string): unknown {
  if (XMLValidator.validate(xml) !== true) throw new Error('malformed XML')
  return z.object({ xml: z.record(z.string(), z.unknown()) }).parse(parser.parse(xml)).xml
}

export function parseMessage(xml: string): WechatMessage {
  return wechatMessage.parse(root(xml))
}

export function parseEnvelope(xml: string): z.infer<typeof envelope> {
  return envelope.parse(root(xml))
}

const cdata = (text: string) => ({ __cdata: text })

/** A passive text reply to the user who wrote (`to`), from the account (`from`). */
export function textReplyXml(to: string, from: string, content: string, at: Date): string {
  return builder.build({
    xml: {
      ToUserName: cdata(to),
      FromUserName: cdata(from),
      CreateTime: Math.floor(at.getTime() / 1000),
      MsgType: cdata('text'),
      Content: cdata(content),
    },
  }) as string
}

/** A reply sealed for 安全模式. */
export function envelopeXml(encrypt: string, signature: string, timestamp: string, nonce: string) {
  return builder.build({
    xml: {
      Encrypt: cdata(encrypt),
      MsgSignature: cdata(signature),
      TimeStamp: timestamp,
      Nonce: cdata(nonce),
    },
  }) as string
}
