//! 错误：不数还开着几个输入，所有输入都 remove 之后还调用 select()：panic
//! 期望：merge panic 了

use crossbeam_channel::{Receiver, Select};

pub fn merge<T>(inputs: Vec<Receiver<T>>) -> Vec<(usize, T)> {
    let mut select = Select::new();
    for input in &inputs {
        // 按顺序登记，Select 分配的下标 0, 1, 2, … 正好就是 inputs 的下标。
        select.recv(input);
    }
    let mut merged = Vec::new();
    if inputs.is_empty() {
        return Vec::new();
    }
    loop {
        let operation = select.select();
        let index = operation.index();
        // 必须用登记时的同一个 Receiver 完成被选中的操作。
        match operation.recv(&inputs[index]) {
            Ok(message) => merged.push((index, message)),
            Err(_) => {
                // 关键决定：断开的输入从 Select 里拿掉，否则它永远“就绪”，循环就成了空转。
                // remove 不会改变其余操作的下标，inputs[index] 依然对得上。
                select.remove(index);
            }
        }
    }
}

#[cfg(test)]
mod tests;
