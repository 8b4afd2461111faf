//! 错误：收到 Err 只把计数减一，没有从 Select 里 remove：断开的输入一再被选中，提前结束
//! 期望：消息丢失

use crossbeam_channel::{Receiver, Select};

pub fn merge<T>(inputs: Vec<Receiver<T>>) -> Vec<(usize, T)> {
    let mut select = Select::new();
    for input in &inputs {
        // 按顺序登记，Select 分配的下标 0, 1, 2, … 正好就是 inputs 的下标。
        select.recv(input);
    }
    let mut merged = Vec::new();
    let mut open = inputs.len();
    while open > 0 {
        let operation = select.select();
        let index = operation.index();
        // 必须用登记时的同一个 Receiver 完成被选中的操作。
        match operation.recv(&inputs[index]) {
            Ok(message) => merged.push((index, message)),
            Err(_) => {
                // 关键决定：断开的输入从 Select 里拿掉，否则它永远“就绪”，循环就成了空转。
                // remove 不会改变其余操作的下标，inputs[index] 依然对得上。
                open -= 1;
            }
        }
    }
    merged
}

#[cfg(test)]
mod tests;
