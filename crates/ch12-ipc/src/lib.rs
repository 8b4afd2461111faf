//! 第 12 章「进程之间」的代码：书里的每段代码都从这里 `{{#include}}` 进去。
//!
//! * [`frame`]：亲手在字节流上切出帧（长度前缀），看清部分读取、最大帧长和半截帧。
//! * [`codec`]：同样的格式交给 tokio-util 的 `LengthDelimitedCodec`。
//! * [`wire`]：serde 把消息变成字节，JSON 与 postcard 两种格式。
//! * [`protocol`]：子进程服务器 `ch12-server` 说的请求/响应协议。

pub mod codec;
pub mod frame;
pub mod protocol;
pub mod wire;
