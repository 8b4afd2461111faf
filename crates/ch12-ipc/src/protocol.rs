//! 子进程服务器 `ch12-server` 的协议：每个请求一帧、每个响应一帧，内容用 postcard 编码。

use serde::{Deserialize, Serialize};

// ANCHOR: protocol
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Request {
    /// 原样送回。
    Echo(String),
    /// 求和。
    Add(i64, i64),
    /// 演示用：服务器写出半帧后立即退出进程，像一次崩溃。
    CrashMidFrame,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Response {
    Echo(String),
    Sum(i64),
    /// 请求解不开（字节坏了、格式不对）时的回答：连接还在，下一个请求照常处理。
    Error(String),
}
// ANCHOR_END: protocol

/// 服务器对一个请求的回答（`CrashMidFrame` 不在这里处理）。
pub fn answer(request: Request) -> Response {
    match request {
        Request::Echo(text) => Response::Echo(text),
        Request::Add(a, b) => match a.checked_add(b) {
            Some(sum) => Response::Sum(sum),
            None => Response::Error(format!("{a} + {b} 溢出")),
        },
        Request::CrashMidFrame => Response::Error("CrashMidFrame 由服务器循环处理".into()),
    }
}
