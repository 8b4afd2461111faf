//! 错误：对 output.send 用了 unwrap：下游离开时转发器 panic
//! 期望：转发器 panic 了

use crossbeam_channel::{tick, Receiver, Sender};
use std::time::Duration;

pub fn forward_paced<T>(input: Receiver<T>, output: Sender<T>, interval: Duration) -> usize {
    let ticker = tick(interval);
    let mut forwarded = 0;
    // 关键决定：循环由 input 驱动，而不是由 ticker 驱动。tick 通道永远不会断开，
    // 只有 input 的断开才能让循环结束；拿到消息之后再等一拍，转发就不会快于节拍。
    for message in input {
        ticker.recv().expect("tick 通道永远不会断开");
        output.send(message).unwrap();
        forwarded += 1;
    }
    forwarded
}

#[cfg(test)]
mod tests;
