//! The async implementations behind one trait, mirroring [`crate::flavors::Flavor`].

use std::future::Future;

use crate::catalog::Cap;
use crate::message::Message;

const GONE: &str = "the other side of a benchmark channel hung up in the middle of a round";

/// An async channel.
pub trait AsyncFlavor: 'static {
    type Tx<M: Message>: Send + 'static;
    type Rx<M: Message>: Send + 'static;

    fn channel<M: Message>(cap: Cap) -> (Self::Tx<M>, Self::Rx<M>);
    fn clone_tx<M: Message>(tx: &Self::Tx<M>) -> Self::Tx<M>;
    /// Only called for implementations that allow several consumers.
    fn clone_rx<M: Message>(rx: &Self::Rx<M>) -> Self::Rx<M>;
    fn send<M: Message>(tx: &mut Self::Tx<M>, msg: M) -> impl Future<Output = ()> + Send + '_;
    fn recv<M: Message>(rx: &mut Self::Rx<M>) -> impl Future<Output = M> + Send + '_;
}

/// `tokio::sync::mpsc`: `channel(n)` when bounded, `unbounded_channel()` when unbounded.
#[derive(Debug)]
pub struct Tokio;

/// The sending half of [`Tokio`].
#[derive(Debug)]
pub enum TokioTx<M> {
    Bounded(tokio::sync::mpsc::Sender<M>),
    Unbounded(tokio::sync::mpsc::UnboundedSender<M>),
}

/// The receiving half of [`Tokio`].
#[derive(Debug)]
pub enum TokioRx<M> {
    Bounded(tokio::sync::mpsc::Receiver<M>),
    Unbounded(tokio::sync::mpsc::UnboundedReceiver<M>),
}

impl AsyncFlavor for Tokio {
    type Tx<M: Message> = TokioTx<M>;
    type Rx<M: Message> = TokioRx<M>;

    fn channel<M: Message>(cap: Cap) -> (TokioTx<M>, TokioRx<M>) {
        match cap {
            Cap::Bounded(n) => {
                let (tx, rx) = tokio::sync::mpsc::channel(n);
                (TokioTx::Bounded(tx), TokioRx::Bounded(rx))
            }
            Cap::Unbounded => {
                let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
                (TokioTx::Unbounded(tx), TokioRx::Unbounded(rx))
            }
        }
    }

    fn clone_tx<M: Message>(tx: &TokioTx<M>) -> TokioTx<M> {
        match tx {
            TokioTx::Bounded(tx) => TokioTx::Bounded(tx.clone()),
            TokioTx::Unbounded(tx) => TokioTx::Unbounded(tx.clone()),
        }
    }

    fn clone_rx<M: Message>(_: &TokioRx<M>) -> TokioRx<M> {
        unreachable!("tokio's mpsc has one receiver; the catalog has no tokio MPMC benchmark")
    }

    async fn send<M: Message>(tx: &mut TokioTx<M>, msg: M) {
        match tx {
            TokioTx::Bounded(tx) => tx.send(msg).await.expect(GONE),
            TokioTx::Unbounded(tx) => tx.send(msg).expect(GONE),
        }
    }

    async fn recv<M: Message>(rx: &mut TokioRx<M>) -> M {
        match rx {
            TokioRx::Bounded(rx) => rx.recv().await.expect(GONE),
            TokioRx::Unbounded(rx) => rx.recv().await.expect(GONE),
        }
    }
}

/// flume through `send_async` / `recv_async`.
#[derive(Debug)]
pub struct FlumeAsync;

impl AsyncFlavor for FlumeAsync {
    type Tx<M: Message> = flume::Sender<M>;
    type Rx<M: Message> = flume::Receiver<M>;

    fn channel<M: Message>(cap: Cap) -> (Self::Tx<M>, Self::Rx<M>) {
        match cap {
            Cap::Bounded(n) => flume::bounded(n),
            Cap::Unbounded => flume::unbounded(),
        }
    }

    fn clone_tx<M: Message>(tx: &Self::Tx<M>) -> Self::Tx<M> {
        tx.clone()
    }

    fn clone_rx<M: Message>(rx: &Self::Rx<M>) -> Self::Rx<M> {
        rx.clone()
    }

    async fn send<M: Message>(tx: &mut Self::Tx<M>, msg: M) {
        tx.send_async(msg).await.expect(GONE);
    }

    async fn recv<M: Message>(rx: &mut Self::Rx<M>) -> M {
        rx.recv_async().await.expect(GONE)
    }
}

/// async-channel.
#[derive(Debug)]
pub struct AsyncChannel;

impl AsyncFlavor for AsyncChannel {
    type Tx<M: Message> = async_channel::Sender<M>;
    type Rx<M: Message> = async_channel::Receiver<M>;

    fn channel<M: Message>(cap: Cap) -> (Self::Tx<M>, Self::Rx<M>) {
        match cap {
            Cap::Bounded(n) => async_channel::bounded(n),
            Cap::Unbounded => async_channel::unbounded(),
        }
    }

    fn clone_tx<M: Message>(tx: &Self::Tx<M>) -> Self::Tx<M> {
        tx.clone()
    }

    fn clone_rx<M: Message>(rx: &Self::Rx<M>) -> Self::Rx<M> {
        rx.clone()
    }

    async fn send<M: Message>(tx: &mut Self::Tx<M>, msg: M) {
        tx.send(msg).await.expect(GONE);
    }

    async fn recv<M: Message>(rx: &mut Self::Rx<M>) -> M {
        rx.recv().await.expect(GONE)
    }
}

/// kanal's async halves.
#[derive(Debug)]
pub struct KanalAsync;

impl AsyncFlavor for KanalAsync {
    type Tx<M: Message> = kanal::AsyncSender<M>;
    type Rx<M: Message> = kanal::AsyncReceiver<M>;

    fn channel<M: Message>(cap: Cap) -> (Self::Tx<M>, Self::Rx<M>) {
        match cap {
            Cap::Bounded(n) => kanal::bounded_async(n),
            Cap::Unbounded => kanal::unbounded_async(),
        }
    }

    fn clone_tx<M: Message>(tx: &Self::Tx<M>) -> Self::Tx<M> {
        tx.clone()
    }

    fn clone_rx<M: Message>(rx: &Self::Rx<M>) -> Self::Rx<M> {
        rx.clone()
    }

    async fn send<M: Message>(tx: &mut Self::Tx<M>, msg: M) {
        tx.send(msg).await.expect(GONE);
    }

    async fn recv<M: Message>(rx: &mut Self::Rx<M>) -> M {
        rx.recv().await.expect(GONE)
    }
}
