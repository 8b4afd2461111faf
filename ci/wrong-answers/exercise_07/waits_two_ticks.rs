//! 错误：发送前后各等一拍（“冷却”）：每条消息花两拍，速度只有要求的一半
//! 期望：每条消息只需要等一拍

use crossbeam_channel::{tick, Receiver, Sender};
use std::time::Duration;

pub fn forward_paced<T>(input: Receiver<T>, output: Sender<T>, interval: Duration) -> usize {
    let ticker = tick(interval);
    let mut forwarded = 0;
    // 关键决定：循环由 input 驱动，而不是由 ticker 驱动。tick 通道永远不会断开，
    // 只有 input 的断开才能让循环结束；拿到消息之后再等一拍，转发就不会快于节拍。
    for message in input {
        ticker.recv().expect("tick 通道永远不会断开");
        if output.send(message).is_err() {
            // 接收端已经不在了：再转发也没人收，停下来。
            break;
        }
        forwarded += 1;
        // 发完再冷却一拍
        ticker.recv().expect("tick 通道永远不会断开");
    }
    forwarded
}

#[cfg(test)]
mod tests;
