// html.js is the app's one door to Preact and htm (vendored, no build step):
// every view imports its rendering helpers from here.
export {
  html,
  render,
  h,
  Component,
  createContext,
  useState,
  useReducer,
  useEffect,
  useLayoutEffect,
  useRef,
  useMemo,
  useCallback,
  useContext,
} from '../vendor/htm-preact-standalone.module.js';
