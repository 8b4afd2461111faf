//! 错误：按“开始时刻 + k × interval”排时间表：空闲之后一口气追上进度，突发
//! 期望：空闲时错过的节拍不能攒起来

use crossbeam_channel::{Receiver, Sender};
use std::time::{Duration, Instant};

pub fn forward_paced<T>(input: Receiver<T>, output: Sender<T>, interval: Duration) -> usize {
    let start = Instant::now();
    let mut forwarded = 0;
    // 关键决定：循环由 input 驱动，而不是由 ticker 驱动。tick 通道永远不会断开，
    // 只有 input 的断开才能让循环结束；拿到消息之后再等一拍，转发就不会快于节拍。
    for message in input {
        // 第 k 条不早于 start + k × interval
        let due = start + interval * forwarded as u32;
        std::thread::sleep(due.saturating_duration_since(Instant::now()));
        if output.send(message).is_err() {
            // 接收端已经不在了：再转发也没人收，停下来。
            break;
        }
        forwarded += 1;
    }
    forwarded
}

#[cfg(test)]
mod tests;
