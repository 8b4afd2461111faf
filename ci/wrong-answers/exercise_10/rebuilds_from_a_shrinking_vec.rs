//! 错误：每轮重建 Select，断开的输入用 Vec::remove 删掉：后面输入的下标前移，来源标错
//! 期望：被标成了

use crossbeam_channel::{Receiver, Select};

pub fn merge<T>(inputs: Vec<Receiver<T>>) -> Vec<(usize, T)> {
    let mut inputs = inputs;
    let mut merged = Vec::new();
    while !inputs.is_empty() {
        // 每轮用还开着的输入重建 Select
        let (index, result) = {
            let mut select = Select::new();
            for input in &inputs {
                select.recv(input);
            }
            let operation = select.select();
            let index = operation.index();
            (index, operation.recv(&inputs[index]))
        };
        match result {
            Ok(message) => merged.push((index, message)),
            Err(_) => {
                // 断开的输入不要了
                inputs.remove(index);
            }
        }
    }
    merged
}

#[cfg(test)]
mod tests;
