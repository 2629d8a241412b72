import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PASS_TOKEN_PREFIX } from '../../../domain/passes';
import { cacheLoadedFiles } from './gate-pwa';
import { Icon } from './icons';
import { decodeFrame, decodeImageFile, loadJsQr, nativeDetector } from './qr-decode';

type CameraState =
  | { kind: 'starting' }
  | { kind: 'scanning'; torch: boolean | null }
  | { kind: 'error'; reason: 'denied' | 'none' | 'insecure' | 'failed' };

const FRAME_EVERY_MS = 140;

function cameraProblem(error: unknown): 'denied' | 'none' | 'failed' {
  const name = error instanceof DOMException ? error.name : '';
  if (name === 'NotAllowedError' || name === 'SecurityError') return 'denied';
  if (name === 'NotFoundError' || name === 'OverconstrainedError' || name === 'NotReadableError')
    return 'none';
  return 'failed';
}

/**
 * The full-screen scanner: the back camera with a frame to aim at, a torch for the night, and a
 * photo button for phones whose browser will not share the camera (or pages on plain http). A code
 * that is not one of our passes is named as such and scanning goes on.
 */
export function Scanner({
  onResult,
  onClose,
  onTypeInstead,
}: {
  onResult: (token: string) => void;
  onClose: () => void;
  onTypeInstead: () => void;
}) {
  const { t } = useTranslation();
  const video = useRef<HTMLVideoElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const file = useRef<HTMLInputElement>(null);
  const stream = useRef<MediaStream | null>(null);
  const [state, setState] = useState<CameraState>({ kind: 'starting' });
  const [notOurs, setNotOurs] = useState(false);
  const [photoBusy, setPhotoBusy] = useState(false);
  const [photoFailed, setPhotoFailed] = useState(false);
  const done = useRef(false);

  const finish = (text: string) => {
    if (done.current) return;
    if (!text.trim().startsWith(PASS_TOKEN_PREFIX)) {
      setNotOurs(true);
      return;
    }
    done.current = true;
    navigator.vibrate?.(60);
    onResult(text.trim());
  };
  const finishRef = useRef(finish);
  finishRef.current = finish;

  useEffect(() => {
    let stopped = false;
    let timer = 0;
    // The decoder is needed now; have the worker keep its file for offline use too.
    void Promise.all([nativeDetector(), loadJsQr()])
      .then(() => cacheLoadedFiles())
      .catch(() => undefined);

    const stop = () => {
      stopped = true;
      window.clearTimeout(timer);
      for (const track of stream.current?.getTracks() ?? []) track.stop();
      stream.current = null;
    };

    const loop = async () => {
      if (stopped || done.current) return;
      const v = video.current;
      const c = canvas.current;
      if (v && c) {
        const text = await decodeFrame(v, c).catch(() => null);
        if (text && !stopped) finishRef.current(text);
      }
      if (!stopped && !done.current) timer = window.setTimeout(() => void loop(), FRAME_EVERY_MS);
    };

    (async () => {
      if (!window.isSecureContext || !navigator.mediaDevices?.getUserMedia) {
        setState({ kind: 'error', reason: 'insecure' });
        return;
      }
      try {
        const s = await navigator.mediaDevices.getUserMedia({
          video: { facingMode: { ideal: 'environment' }, width: { ideal: 1280 }, height: { ideal: 720 } },
          audio: false,
        });
        if (stopped) {
          for (const track of s.getTracks()) track.stop();
          return;
        }
        stream.current = s;
        const v = video.current;
        if (!v) return;
        v.srcObject = s;
        await v.play().catch(() => undefined);
        const track = s.getVideoTracks()[0];
        const caps = track?.getCapabilities?.() as (MediaTrackCapabilities & { torch?: boolean }) | undefined;
        setState({ kind: 'scanning', torch: caps?.torch ? false : null });
        void loop();
      } catch (error) {
        if (!stopped) setState({ kind: 'error', reason: cameraProblem(error) });
      }
    })();
    return stop;
  }, []);

  const toggleTorch = async () => {
    if (state.kind !== 'scanning' || state.torch === null) return;
    const track = stream.current?.getVideoTracks()[0];
    const next = !state.torch;
    try {
      await track?.applyConstraints({ advanced: [{ torch: next } as MediaTrackConstraintSet] });
      setState({ kind: 'scanning', torch: next });
    } catch {
      setState({ kind: 'scanning', torch: null });
    }
  };

  const onPhoto = async (f: File | undefined) => {
    if (!f) return;
    setPhotoBusy(true);
    setPhotoFailed(false);
    setNotOurs(false);
    try {
      const text = await decodeImageFile(f);
      if (text) finish(text);
      else setPhotoFailed(true);
    } catch {
      setPhotoFailed(true);
    } finally {
      setPhotoBusy(false);
      if (file.current) file.current.value = '';
    }
  };

  const message =
    state.kind === 'error'
      ? t(`gate.scan.error.${state.reason}`)
      : photoBusy
        ? t('gate.scan.reading')
        : photoFailed
          ? t('gate.scan.photoFailed')
          : notOurs
            ? t('gate.scan.notOurs')
            : state.kind === 'starting'
              ? t('gate.scan.starting')
              : t('gate.scan.aim');
  const warn = state.kind === 'error' || photoFailed || notOurs;

  const torchUsable = state.kind === 'scanning' && state.torch !== null;

  return (
    <div
      role="dialog"
      aria-modal="true"
      aria-label={t('gate.scan.title')}
      data-testid="gate-scanner"
      className="gate-scanner"
    >
      <div className="gate-scanner__view">
        <video ref={video} muted playsInline className="gate-scanner__video" />
        <canvas ref={canvas} hidden />
        <div aria-hidden="true" className="gate-scanner__frame" />
        <button
          type="button"
          onClick={onClose}
          aria-label={t('gate.scan.close')}
          data-testid="gate-scan-close"
          className="gate-scanner__close"
        >
          <Icon name="close" />
        </button>
      </div>
      <div className="gate-scanner__bar">
        <div
          role="status"
          data-testid="gate-scan-status"
          className={warn ? 'gate-scanner__status gate-scanner__status--warn' : 'gate-scanner__status'}
        >
          {message}
        </div>
        <div className="gate-scanner__buttons">
          <button
            type="button"
            className="gate-scanner__btn"
            disabled={!torchUsable}
            onClick={() => void toggleTorch()}
          >
            <Icon name="bulb" />
            <span>
              {state.kind === 'scanning' && state.torch ? t('gate.scan.torchOff') : t('gate.scan.torch')}
            </span>
          </button>
          <label className="gate-scanner__btn">
            <Icon name="camera" />
            <span>{t('gate.scan.photo')}</span>
            <input
              ref={file}
              type="file"
              accept="image/*"
              capture="environment"
              data-testid="gate-scan-file"
              hidden
              onChange={(e) => void onPhoto(e.target.files?.[0])}
            />
          </label>
          <button
            type="button"
            className="gate-scanner__btn"
            onClick={onTypeInstead}
            data-testid="gate-scan-type"
          >
            <Icon name="edit" />
            <span>{t('gate.scan.type')}</span>
          </button>
        </div>
      </div>
    </div>
  );
}
