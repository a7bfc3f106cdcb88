/** node-webot's 安全模式 implementation (CommonJS, no types of its own): what the tests use. */
declare module 'wechat-crypto' {
  export default class WXBizMsgCrypt {
    constructor(token: string, encodingAESKey: string, appId: string)
    getSignature(timestamp: string, nonce: string, encrypt: string): string
    encrypt(text: string): string
    decrypt(text: string): { message: string; id: string }
  }
}
