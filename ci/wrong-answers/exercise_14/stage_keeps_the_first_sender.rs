//! 错误：第一条通道的原始 Sender 被 move 进了最后一段（源头用的是 clone）：输入读完后解析永远等下去
//! 期望：流水线没有结束
use crossbeam_channel::{bounded, Receiver};
use std::thread;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LineError {
    NotANumber { line: usize, text: String },
    Overflow { line: usize },
}

pub fn parse(line: usize, text: &str) -> Result<i64, LineError> {
    text.trim().parse().map_err(|_| LineError::NotANumber {
        line,
        text: text.to_string(),
    })
}

pub fn square(line: usize, n: i64) -> Result<i64, LineError> {
    n.checked_mul(n).ok_or(LineError::Overflow { line })
}

// ANCHOR: solution
pub fn spawn_pipeline<I>(lines: I, capacity: usize) -> Receiver<Result<i64, LineError>>
where
    I: IntoIterator<Item = String>,
    I::IntoIter: Send + 'static,
{
    let lines = lines.into_iter();
    // 三条有界通道：任何一段慢下来，它前面的通道就会满，上游的 send 随之阻塞——背压一路传到源头。
    let (text_tx, text_rx) = bounded::<(usize, String)>(capacity);
    let (number_tx, number_rx) = bounded::<Result<(usize, i64), LineError>>(capacity);
    let (output_tx, output_rx) = bounded(capacity);

    // 源头：给每行编上行号。
    let source_tx = text_tx.clone();
    thread::spawn(move || {
        for (line, text) in lines.enumerate() {
            // 下游已经不在了（输出端被 drop，取消一路传了上来）：停止读输入。
            if source_tx.send((line, text)).is_err() {
                break;
            }
        }
        // 线程结束时 text_tx 被 drop：这就是“输入结束”的信号。
    });

    // 解析：错误也是一条消息，带着行号流向下游，后面的行照常处理。
    thread::spawn(move || {
        for (line, text) in text_rx {
            let item = parse(line, &text).map(|n| (line, n));
            if number_tx.send(item).is_err() {
                break;
            }
        }
    });

    // 平方：只处理 Ok，Err 原样传下去。
    thread::spawn(move || {
        let _first = text_tx;
        for item in number_rx {
            let result = item.and_then(|(line, n)| square(line, n));
            if output_tx.send(result).is_err() {
                break;
            }
        }
    });

    // 关键决定：三个 Sender 都 move 进了各自的线程，这里一个也不留。
    // 于是每一段在上游断开时结束，结束时 drop 自己的 Sender，把“结束”传给下一段。
    output_rx
}
// ANCHOR_END: solution

#[cfg(test)]
mod tests;
