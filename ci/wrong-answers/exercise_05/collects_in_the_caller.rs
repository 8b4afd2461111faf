//! 错误：在调用者线程里先把每个生产者取成 Vec，再交给线程发送：生产者并不在自己的线程里运行
//! 期望：在调用者的线程里被取值

use std::sync::mpsc;
use std::thread;

pub fn gather_by_producer<P>(producers: Vec<P>) -> Vec<Vec<u32>>
where
    P: IntoIterator<Item = u32> + Send + 'static,
{
    let mut groups = vec![Vec::new(); producers.len()];
    let (tx, rx) = mpsc::channel::<(usize, u32)>();
    for (id, values) in producers.into_iter().enumerate() {
        let tx = tx.clone();
        // 先取出来，线程里只管发送
        let values: Vec<u32> = values.into_iter().collect();
        thread::spawn(move || {
            for value in values {
                tx.send((id, value))
                    .expect("the receiver outlives the producers");
            }
        });
    }
    drop(tx);
    // 关键决定：只需标上生产者编号。同一个 Sender 的消息按发送顺序到达（每个发送者 FIFO），
    // 所以按到达顺序追加就还原了每个生产者的顺序；不同生产者之间的先后则没有保证。
    for (id, value) in rx {
        groups[id].push(value);
    }
    groups
}

#[cfg(test)]
mod tests;
