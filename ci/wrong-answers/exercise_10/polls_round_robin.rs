//! 错误：轮流对每个输入 try_recv：结果正确，但没有消息时空转
//! 期望：空转

use crossbeam_channel::{Receiver, TryRecvError};

pub fn merge<T>(inputs: Vec<Receiver<T>>) -> Vec<(usize, T)> {
    let mut merged = Vec::new();
    let mut closed = vec![false; inputs.len()];
    let mut open = inputs.len();
    while open > 0 {
        // 轮流问每个输入有没有消息
        for (index, input) in inputs.iter().enumerate() {
            if closed[index] {
                continue;
            }
            match input.try_recv() {
                Ok(message) => merged.push((index, message)),
                Err(TryRecvError::Empty) => {}
                Err(TryRecvError::Disconnected) => {
                    closed[index] = true;
                    open -= 1;
                }
            }
        }
    }
    merged
}

#[cfg(test)]
mod tests;
